using Gryt.Git;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>The commit a release tag will point at: the <c>--at</c> reference's, or the newest passing evolution's.</summary>
internal sealed record ReleaseTarget(string? Commit, string? TestedAs)
{
    public static ReleaseTarget Resolve(IData data, GitClient git, Generation generation, string? atReference)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(generation);
        if (atReference is not null) return new ReleaseTarget(git.ResolveCommit(atReference), null);
        var rows = data.Query(GateQueries.NewestPassingCommit, generation.GenerationId);
        return rows.Count == 0 ? new ReleaseTarget(null, null) : new ReleaseTarget((string)rows[0]["commit_sha"]!, (string)rows[0]["tag"]!);
    }

    internal static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}

/// <summary>
/// SPEC §1 gate 5: the release contains what was proven. Every change needs a passing evolution whose
/// commit is the release commit or one of its ancestors (and, for a hotfix, descends from its base
/// release's commit). A proof on a branch the release does not contain proves nothing about the release;
/// a later proof inside it supersedes it, so an abandoned branch never blocks a release for good.
/// </summary>
internal sealed class ProofsInReleaseGate(GitClient git, string? atReference = null) : PromotionGate("proofs_in_release")
{
    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        var target = ReleaseTarget.Resolve(data, git, generation, atReference).Commit;
        if (target is null)
        {
            return new GateResult(false, atReference is null
                ? "no passing evolution recorded a commit to tag"
                : $"'{SemanticVersion.Printable(atReference)}' does not name a commit");
        }

        var proofs = data.Query(GateQueries.PassingProofs, generation.GenerationId);
        if (proofs.Count == 0) return new GateResult(false, "no passing evolution to check");

        string? baseVersion = null;
        string? baseCommit = null;
        var hotfix = data.Query(GateQueries.HotfixBase, generation.GenerationId);
        if (hotfix.Count > 0)
        {
            baseVersion = (string)hotfix[0]["version"]!;
            baseCommit = hotfix[0]["promoted_commit"] as string ?? git.ResolveCommit(TagFormat.Of(hotfix[0]["tag_prefix"] as string, hotfix[0]["tag_format"] as string).Release(SemanticVersion.Parse(baseVersion)));
            if (baseCommit is null) return new GateResult(false, $"the base release {baseVersion} has no recorded commit or tag for the hotfix to descend from");
        }

        var missing = new List<string>();
        foreach (var change in proofs.GroupBy(r => (string)r["change_id"]!))
        {
            var reasons = new List<string>();
            var contained = false;
            foreach (var proof in change)
            {
                var tag = (string)proof["tag"]!;
                if (proof["commit_sha"] is not string commit) reasons.Add($"{tag} (no commit recorded)");
                else if (!git.IsAncestor(commit, target)) reasons.Add($"{tag} @ {ReleaseTarget.Short(commit)} (not in the release)");
                else if (baseCommit is not null && !git.IsAncestor(baseCommit, commit)) reasons.Add($"{tag} @ {ReleaseTarget.Short(commit)} (does not descend from {baseVersion})");
                else contained = true;
            }

            if (!contained) missing.Add($"{change.Key} proven by {string.Join(", ", reasons)}");
        }

        var at = ReleaseTarget.Short(target);
        if (missing.Count > 0)
        {
            return new GateResult(false, $"the release at {at} would not contain: {string.Join("; ", missing)}",
                new() { ["commit"] = target, ["missing"] = missing });
        }

        return new GateResult(true, baseVersion is null
            ? $"every change's proof is in {at}"
            : $"every change's proof is in {at} and descends from {baseVersion}", new() { ["commit"] = target });
    }
}
