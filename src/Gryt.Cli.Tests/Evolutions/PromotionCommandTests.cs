using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Evolutions;

/// <summary><c>generation revoke</c>, the proofs_in_release gate and the promotion hints, through the CLI in a real repository.</summary>
public sealed class PromotionCommandTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public PromotionCommandTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Ok("init");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "ci.yaml"), "name: ci\nsteps:\n  - { name: test, run: \"true\" }\n");
        _gryt.Ok("generation", "new", "v1.0.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml"),
            "version: v1.0.0\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Login page\"\n  - type: fix\n    id: BUG-2\n    title: \"Crash on logout\"\npipeline_template: ci\n");
        Commit("contract.txt", "contract and pipeline");
    }

    public void Dispose() => _repo.Dispose();

    private void Commit(string file, string content)
    {
        File.WriteAllText(Path.Combine(_repo.Root, file), content);
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "work on " + file);
    }

    private void Prove(string change)
    {
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v1.0.0", "--change", change);
        Commit(change + ".txt", change);
        _gryt.Ok("run", "ci");
    }

    private void Released()
    {
        Prove("FEAT-1");
        Prove("BUG-2");
        _gryt.Ok("generation", "promote", "v1.0.0");
    }

    [Fact]
    public void Promote_of_changes_proven_on_two_branches_exits_1_names_the_missing_proof_and_show_previews_it()
    {
        _repo.Git("checkout", "--quiet", "-b", "feat");
        Prove("FEAT-1");
        _repo.Git("checkout", "--quiet", "main");
        _repo.Git("checkout", "--quiet", "-b", "bug");
        Prove("BUG-2");

        var show = _gryt.Ok("generation", "show", "v1.0.0");
        var promote = _gryt.Run("generation", "promote", "v1.0.0");

        Assert.Matches(@"proofs_in_release\s+fail\s+the release at \w{12} would not contain: FEAT-1 proven by v1\.0\.0-rc\.1", show.Out);
        Assert.Equal(1, promote.ExitCode);
        Assert.Contains("proofs_in_release: the release at", promote.Err, StringComparison.Ordinal);
        Assert.Contains("hint: merge the branches that were proven", promote.Err, StringComparison.Ordinal);
        Assert.Equal("", _repo.Git("tag", "--list", "v1.0.0"));
    }

    [Fact]
    public void A_metric_gate_without_data_hints_how_to_record_the_metric()
    {
        File.AppendAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml"), "promotion:\n  gates:\n    - metric: coverage\n      min: 80\n");
        Prove("FEAT-1");
        Prove("BUG-2");

        var result = _gryt.Run("generation", "promote", "v1.0.0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("v1.0.0-rc.2, v1.0.0-rc.1 passed without it", result.Err, StringComparison.Ordinal);
        Assert.Contains("hint: a pipeline step records it by printing the line \"::gryt metric coverage=VALUE\"", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_withdraws_a_release_that_list_and_show_then_show_as_revoked()
    {
        Released();
        _gryt.Clock.Advance(TimeSpan.FromHours(1));

        var revoke = _gryt.Ok("generation", "revoke", "v1.0.0", "--reason", "CVE-2026-1234 in login");

        Assert.Contains("Revoked v1.0.0: CVE-2026-1234 in login", revoke.Out, StringComparison.Ordinal);
        Assert.Matches(@"v1\.0\.0\s+revoked\s+2/2", _gryt.Ok("generation", "list").Out);
        Assert.Matches(@"Revoked:\s+\d{4}-\d\d-\d\d \d\d:\d\d by Test User <test@example\.invalid>: CVE-2026-1234 in login", _gryt.Ok("generation", "show", "v1.0.0").Out);
        using var json = JsonDocument.Parse(_gryt.Ok("generation", "show", "v1.0.0", "--json").Out);
        var generation = json.RootElement.GetProperty("generation");
        Assert.Equal("revoked", generation.GetProperty("status").GetString());
        Assert.Equal("CVE-2026-1234 in login", generation.GetProperty("revoked_reason").GetString());
        Assert.Equal("v1.0.0", _repo.Git("tag", "--list", "v1.0.0").Trim());

        var again = _gryt.Run("generation", "promote", "v1.0.0");
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("hint: ship its fixes in a hotfix", again.Err, StringComparison.Ordinal);
        Assert.Contains("v1.0.1", _gryt.Ok("audit", "hotfix", "v1.0.0", "-i", "CRIT-1").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_exits_3_for_an_unknown_version_4_for_a_draft_2_without_a_reason_and_changes_nothing()
    {
        using var before = JsonDocument.Parse(_gryt.Ok("db", "query", "--json", "SELECT count(*) AS n FROM audit_events").Out);

        Assert.Equal(3, _gryt.Run("generation", "revoke", "v9.9.9", "--reason", "x").ExitCode);
        var draft = _gryt.Run("generation", "revoke", "v1.0.0", "--reason", "x");
        Assert.Equal(4, draft.ExitCode);
        Assert.StartsWith("gryt: error: generation v1.0.0 is draft; only a promoted release can be revoked", draft.Err, StringComparison.Ordinal);
        Released();
        Assert.Equal(2, _gryt.Run("generation", "revoke", "v1.0.0", "--reason", " ").ExitCode);
        Assert.Equal(2, _gryt.Run("generation", "revoke", "v1.0.0").ExitCode);

        Assert.Matches(@"v1\.0\.0\s+promoted", _gryt.Ok("generation", "list").Out);
        using var events = JsonDocument.Parse(_gryt.Ok("db", "query", "--json", "SELECT count(*) AS n FROM audit_events WHERE event_type = 'generation.revoked'").Out);
        Assert.Equal(0, events.RootElement.GetProperty("rows")[0].GetProperty("n").GetInt64());
        Assert.True(before.RootElement.GetProperty("rows")[0].GetProperty("n").GetInt64() > 0);
    }

    [Fact]
    public void An_already_tagged_version_is_warned_at_new_and_refused_by_promotion_and_its_dry_run_naming_the_tag_and_the_next_free_version()
    {
        _repo.Git("tag", "v2.0.0");
        _repo.Git("tag", "-a", "v2.0.1", "-m", "released by hand");
        var tagged = _repo.Git("rev-parse", "v2.0.0").Trim();

        var created = _gryt.Ok("generation", "new", "v2.0.0");
        var dryRun = _gryt.Run("generation", "promote", "v2.0.0", "--dry-run");
        var promote = _gryt.Run("generation", "promote", "v2.0.0", "--at", "HEAD");

        Assert.Contains("gryt: warning: git tag v2.0.0 already exists: v2.0.0 cannot be promoted while it does; the next free version is v2.0.2", created.Err, StringComparison.Ordinal);
        Assert.Equal(4, dryRun.ExitCode);
        Assert.StartsWith("gryt: error: git tag v2.0.0 already exists: a lightweight tag, not gryt's; version v2.0.0 is taken", dryRun.Err, StringComparison.Ordinal);
        Assert.Contains("hint: release the changes as v2.0.2 (gryt generation new v2.0.2), and abandon this one: gryt generation abandon v2.0.0", dryRun.Err, StringComparison.Ordinal);
        Assert.Equal(4, promote.ExitCode);
        Assert.Contains("git tag v2.0.0 already exists", promote.Err, StringComparison.Ordinal);
        Assert.Equal(tagged, _repo.Git("rev-parse", "v2.0.0").Trim());
        Assert.Matches(@"v2\.0\.0\s+draft", _gryt.Ok("generation", "list").Out);
        Assert.DoesNotContain("warning", _gryt.Ok("generation", "new", "v2.0.2").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Abandon_closes_a_draft_for_good_with_an_audit_event_and_its_file_kept()
    {
        var abandon = _gryt.Ok("generation", "abandon", "v1.0.0", "--reason", "superseded by v1.1.0");

        Assert.Contains("Abandoned v1.0.0: superseded by v1.1.0", abandon.Out, StringComparison.Ordinal);
        Assert.Matches(@"v1\.0\.0\s+abandoned", _gryt.Ok("generation", "list").Out);
        Assert.True(File.Exists(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml")));
        using var events = JsonDocument.Parse(_gryt.Ok("db", "query", "--json",
            "SELECT actor, json_extract(details_json, '$.reason') AS reason FROM audit_events WHERE event_type = 'generation.abandoned'").Out);
        var row = Assert.Single(events.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal("superseded by v1.1.0", row.GetProperty("reason").GetString());
        _gryt.Ok("audit", "verify");

        Assert.Equal(4, _gryt.Run("evolution", "start", "v1.0.0", "--change", "FEAT-1").ExitCode);
        Assert.Equal(4, _gryt.Run("generation", "promote", "v1.0.0", "--dry-run").ExitCode);
        var again = _gryt.Run("generation", "abandon", "v1.0.0");
        Assert.Equal(4, again.ExitCode);
        Assert.StartsWith("gryt: error: generation v1.0.0 is abandoned; only a draft can be abandoned", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Abandon_exits_3_for_an_unknown_version_2_for_a_reason_of_two_lines_and_4_for_a_promoted_release()
    {
        Assert.Equal(3, _gryt.Run("generation", "abandon", "v9.9.9").ExitCode);
        Assert.Equal(2, _gryt.Run("generation", "abandon", "v1.0.0", "--reason", "one\ntwo").ExitCode);
        Assert.Matches(@"v1\.0\.0\s+draft", _gryt.Ok("generation", "list").Out);
        Released();

        var promoted = _gryt.Run("generation", "abandon", "v1.0.0", "--reason", "x");

        Assert.Equal(4, promoted.ExitCode);
        Assert.Contains("hint: to withdraw a release, revoke it: gryt generation revoke v1.0.0", promoted.Err, StringComparison.Ordinal);
        Assert.Matches(@"v1\.0\.0\s+promoted", _gryt.Ok("generation", "list").Out);
    }
}
