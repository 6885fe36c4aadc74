using System.Text.Encodings.Web;
using System.Text.Json;
using Gryt.Contracts;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>
/// Writes the provenance of a release: an in-toto Statement v1 whose subject is the release tag
/// (digest: the tagged commit as <c>gitCommit</c>) with an SLSA Provenance v1 predicate that lists
/// the evolutions (their tags, commits and pipeline runs with steps, and whether each run had
/// uncommitted changes: <c>dirty</c>, and <c>internalParameters.dirty_proofs</c> naming the passing ones) and the gate
/// results that let it through. File: <c>.gryt/releases/VERSION.intoto.json</c>.
/// </summary>
internal static class ProvenanceWriter
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";
    public const string BuildType = "urn:gryt:buildtype:promotion:v1";

    public static string PathFor(GrytProject project, string version)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Path.Combine(project.GrytFolder, "releases", version + ".intoto.json");
    }

    public static string Write(GrytProject project, GrytDatabase database, Generation generation, string tag, string commit,
        IReadOnlyList<GateOutcome> gates, DateTimeOffset promotedAt, string promotedBy)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(gates);
        var path = PathFor(project, generation.Version);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        using (var store = new ExportStore(database, null, null, generation.Version))
        {
            json.WriteStartObject();
            json.WriteString("_type", StatementType);
            json.WriteStartArray("subject");
            json.WriteStartObject();
            json.WriteString("name", tag);
            json.WriteStartObject("digest");
            json.WriteString("gitCommit", commit);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("predicateType", PredicateType);
            json.WriteStartObject("predicate");

            json.WriteStartObject("buildDefinition");
            json.WriteString("buildType", BuildType);
            json.WriteStartObject("externalParameters");
            json.WriteString("version", generation.Version);
            json.WriteString("tag", tag);
            json.WriteString("commit", commit);
            json.WriteStartArray("gates");
            foreach (var gate in gates)
            {
                json.WriteStartObject();
                json.WriteString("name", gate.Gate);
                json.WriteBoolean("passed", gate.Result.Passed);
                json.WriteString("message", gate.Result.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("internalParameters");
            json.WriteString("generation_id", generation.GenerationId);
            json.WriteNumber("contract_revision", generation.Revision);
            var all = store.Evolutions(generation.GenerationId).ToList();
            json.WriteStartArray("dirty_proofs");
            foreach (var dirty in all.Where(e => e.Status == "pass" && e.Run is { Dirty: true })) json.WriteStringValue(dirty.Tag);
            json.WriteEndArray();
            json.WriteEndObject();

            // The evolutions are what the release was proven from: each one a tested commit.
            var evolutions = new List<ExportEvolution>();
            json.WriteStartArray("resolvedDependencies");
            foreach (var evolution in all)
            {
                json.WriteStartObject();
                json.WriteString("name", evolution.Tag);
                if (evolution.CommitSha is { } sha)
                {
                    json.WriteStartObject("digest");
                    json.WriteString("gitCommit", sha);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteString("uri", "urn:gryt:evolution:" + evolution.EvolutionId);
                }

                json.WriteStartObject("annotations");
                json.WriteString("evolution_id", evolution.EvolutionId);
                json.WriteString("status", evolution.Status);
                json.WriteStartArray("changes");
                foreach (var id in evolution.ChangeIds) json.WriteStringValue(id);
                json.WriteEndArray();
                json.WriteString("pipeline", evolution.PipelineName);
                json.WriteString("run_id", evolution.Run?.RunId);
                json.WriteString("started_at", evolution.StartedAt);
                json.WriteString("completed_at", evolution.CompletedAt);
                // A proof run on uncommitted changes tested code the commit does not hold: say so where the proof is named.
                if (evolution.Run is { } proofRun) json.WriteBoolean("dirty", proofRun.Dirty);
                json.WriteEndObject();
                json.WriteEndObject();
                if (evolution.Run is not null) evolutions.Add(evolution);
            }

            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("runDetails");
            json.WriteStartObject("builder");
            json.WriteString("id", "urn:gryt:builder:gryt-cli");
            json.WriteStartObject("version");
            json.WriteString("gryt", GrytVersion.Current);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("metadata");
            json.WriteString("invocationId", generation.GenerationId);
            json.WriteString("startedOn", Timestamps.Format(generation.CreatedAt));
            json.WriteString("finishedOn", Timestamps.Format(promotedAt));
            json.WriteEndObject();
            json.WriteStartArray("byproducts");
            foreach (var evolution in evolutions)
            {
                var run = evolution.Run!;
                json.WriteStartObject();
                json.WriteString("name", $"pipeline run {run.RunId}");
                json.WriteString("uri", "urn:gryt:run:" + run.RunId);
                json.WriteStartObject("annotations");
                json.WriteString("evolution", evolution.Tag);
                json.WriteString("pipeline", run.PipelineName);
                json.WriteString("status", run.Status);
                json.WriteString("commit", run.CommitSha);
                json.WriteBoolean("dirty", run.Dirty);
                json.WriteString("started_at", run.StartedAt);
                json.WriteString("ended_at", run.EndedAt);
                json.WriteStartArray("steps");
                foreach (var step in store.Steps(run.RunId))
                {
                    json.WriteStartObject();
                    json.WriteString("name", step.StepName);
                    json.WriteString("status", step.Status);
                    if (step.ExitCode is { } code) json.WriteNumber("exit_code", code);
                    if (step.DurationMs is { } ms) json.WriteNumber("duration_ms", ms);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("promotion");
            json.WriteString("promoted_by", promotedBy);
            json.WriteString("promoted_at", Timestamps.Format(promotedAt));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
