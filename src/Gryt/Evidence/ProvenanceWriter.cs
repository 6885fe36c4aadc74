using System.Text.Encodings.Web;
using System.Text.Json;
using Gryt.Contracts;
using Gryt.Project;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Evidence;

/// <summary>One gate's verdict as the provenance lists it.</summary>
internal sealed record ProvenanceGate(string Name, bool Passed, string Message);

/// <summary>A file the release's runs produced: its path (relative to the project) and SHA-256.</summary>
internal sealed record ArtifactSubject(string Name, string Sha256);

/// <summary>The last audit event the release's record holds: the promotion's (docs/release-evidence.md).</summary>
internal sealed record ChainHead(long Seq, string EventId, string Hash);

/// <summary>What the statement says beside the runs: the artifacts, the audit chain head and the SBOM's digest.</summary>
internal sealed record ProvenanceEvidence(IReadOnlyList<ArtifactSubject> Artifacts, ChainHead? ChainHead, string? SbomPath, string? SbomSha256);

/// <summary>
/// Writes the provenance of a release: an in-toto Statement v1 whose subjects are the release tag
/// (digest: the tagged commit as <c>gitCommit</c>) and the artifacts (name: path, digest: <c>sha256</c>),
/// with an SLSA Provenance v1 predicate that lists
/// the evolutions (their tags, commits and pipeline runs with steps, and whether each run had
/// uncommitted changes: <c>dirty</c>, and <c>internalParameters.dirty_proofs</c> naming the passing ones), the gate
/// results that let it through, the audit chain head (the promotion event's id and hash) and the SBOM's digest.
/// Files: <c>.gryt/releases/VERSION.intoto.json</c> (the statement) and <c>VERSION.intoto.dsse.json</c> (it, in a DSSE envelope).
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

    public static string EnvelopePathFor(GrytProject project, string version)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Path.Combine(project.GrytFolder, "releases", version + ".intoto.dsse.json");
    }

    /// <summary>The statement's bytes, as signed and as written to <see cref="PathFor"/>.</summary>
    public static byte[] Statement(GrytDatabase database, Generation generation, string tag, string commit,
        IReadOnlyList<ProvenanceGate> gates, DateTimeOffset promotedAt, string promotedBy, ProvenanceEvidence evidence, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(evidence);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        using (var store = new ExportStore(database, transaction, null, generation.Version))
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
            foreach (var artifact in evidence.Artifacts)
            {
                json.WriteStartObject();
                json.WriteString("name", artifact.Name);
                json.WriteStartObject("digest");
                json.WriteString("sha256", artifact.Sha256);
                json.WriteEndObject();
                json.WriteEndObject();
            }

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
                json.WriteString("name", gate.Name);
                json.WriteBoolean("passed", gate.Passed);
                json.WriteString("message", gate.Message);
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
            if (evidence.ChainHead is { } head)
            {
                // The promotion event: verify checks the audit chain up to it (the note carries the events).
                json.WriteStartObject("audit_chain_head");
                json.WriteNumber("seq", head.Seq);
                json.WriteString("event_id", head.EventId);
                json.WriteString("hash", head.Hash);
                json.WriteEndObject();
            }

            if (evidence.SbomSha256 is { } sbom)
            {
                json.WriteStartObject("sbom");
                json.WriteString("path", evidence.SbomPath);
                json.WriteString("sha256", sbom);
                json.WriteEndObject();
            }

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

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes the statement and its envelope, each through a temporary file and a rename.</summary>
    public static void Write(GrytProject project, string version, DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var path = PathFor(project, version);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteAtomically(path, envelope.Payload);
        WriteAtomically(EnvelopePathFor(project, version), System.Text.Encoding.UTF8.GetBytes(envelope.ToJson()));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
