using System.Text;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Git;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>
/// The release notes: the final tag's message and <c>.gryt/releases/VERSION.md</c>, the same text.
/// Per change the proving evolution and commit (the newest passing one the release contains), the
/// attempts that failed before it, and whether the proof ran on a tree with uncommitted changes; then
/// the gate results, the tagged commit, where the provenance is, and gryt's trailer
/// (<see cref="ReleaseTagMarker"/>).
/// </summary>
internal static class ReleaseNotes
{
    public static string Write(Generation generation, IReadOnlyList<Change> changes, IReadOnlyList<ChangeAttempt> attempts,
        IReadOnlyList<GateOutcome> gates, string commit, string? testedAs, string provenance, GitClient git, DateTimeOffset promotedAt, string promotedBy, string? baseVersion)
    {
        var text = new StringBuilder();
        text.Append("Release ").Append(generation.ReleaseTag).Append('\n');
        if (generation.Description is { Length: > 0 } description) text.Append('\n').Append(description).Append('\n');
        foreach (var (type, heading) in new[] { (ChangeType.Add, "Added"), (ChangeType.Fix, "Fixed"), (ChangeType.Refine, "Refined"), (ChangeType.Remove, "Removed") })
        {
            var group = changes.Where(c => c.Type == type).ToList();
            if (group.Count == 0) continue;
            text.Append('\n').Append(heading).Append(":\n");
            foreach (var change in group) Change(text, change, attempts.Where(a => a.ChangeId == change.ChangeId).ToList(), commit, git);
        }

        if (gates.Count > 0)
        {
            text.Append("\nGates:\n");
            foreach (var gate in gates) text.Append("- ").Append(gate.Gate).Append(": ").Append(gate.Result.Passed ? "pass" : "fail").Append(", ").Append(gate.Result.Message).Append('\n');
        }

        text.Append("\nCommit: ").Append(commit).Append(testedAs is null ? "" : $" (tested as {testedAs})").Append('\n');
        text.Append("Provenance: ").Append(provenance).Append('\n');
        text.Append('\n').Append(ReleaseTagMarker.Trailer(generation,
            new TagRecord(TagRecord.ReleaseKind, generation.Version, generation.GenerationId) { Commit = commit, At = promotedAt, By = promotedBy, Base = baseVersion }));
        return text.ToString();
    }

    private static void Change(StringBuilder text, Change change, List<ChangeAttempt> attempts, string commit, GitClient git)
    {
        var passing = attempts.Where(a => a.Status == "pass").ToList();
        var proof = passing.LastOrDefault(a => a.Commit is not null && git.IsAncestor(a.Commit, commit)) ?? passing.LastOrDefault();
        text.Append("- ").Append(change.ChangeId).Append(": ").Append(change.Title);
        if (proof is null)
        {
            text.Append(" (not proven)\n");
            return;
        }

        text.Append(" (proven by ").Append(proof.Tag);
        if (proof.Commit is not null) text.Append(" @ ").Append(ReleaseTarget.Short(proof.Commit));
        if (proof.Pipeline is not null) text.Append(", pipeline ").Append(proof.Pipeline);
        text.Append(")\n");
        var failed = attempts.TakeWhile(a => a != proof).Where(a => a.Status == "fail").Select(a => a.Tag).ToList();
        if (failed.Count > 0) text.Append("  failed before: ").Append(string.Join(", ", failed)).Append('\n');
        if (proof.Dirty) text.Append("  dirty proof: ").Append(proof.Tag).Append(" ran on a working tree with uncommitted changes to tracked files\n");
    }
}
