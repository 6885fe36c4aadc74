using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Gryt.Cli.Tests.Evolutions;

/// <summary>
/// A clone of a repository whose releases gryt made has gryt's tags and contract files but no
/// database: the guide's feature release must show as promoted, rebuilt from git, with the same ids in every clone.
/// </summary>
public sealed class FreshCloneTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;
    private readonly List<TempDirectory> _clones = [];

    public FreshCloneTests()
    {
        _gryt = new CliRunner(_repo.Root);
        GuideFeatureRelease.Declare(_repo, _gryt, "grep -q stripe feature.txt");
    }

    public void Dispose()
    {
        foreach (var clone in _clones) clone.Dispose();
        _repo.Dispose();
    }

    private void Commit(string file, string content)
    {
        File.WriteAllText(Path.Combine(_repo.Root, file), content);
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "work on " + file);
    }

    /// <summary>The guide's feature release: a failed attempt, two proofs, promoted; the release files committed.</summary>
    private void PromoteFeatureRelease()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        Assert.Equal(1, _gryt.Run("run", "release").ExitCode);
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        Commit("feature.txt", "stripe\n");
        _gryt.Ok("run", "release");
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        Commit("fix.txt", "timeout=30\n");
        _gryt.Ok("run", "release");
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("generation", "promote", "v2.1.0");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "release v2.1.0");
    }

    private CliRunner Clone()
    {
        var folder = new TempDirectory();
        _clones.Add(folder);
        _repo.Git("clone", "--quiet", _repo.Root, folder.Path);
        Assert.False(File.Exists(Path.Combine(folder.Path, ".gryt", "gryt.db")), "the database must not be committed");
        return new CliRunner(folder.Path);
    }

    private static List<string> Ids(CliRunner gryt, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(gryt.WorkingDirectory, ".gryt", "gryt.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return ids;
    }

    [Fact]
    public void A_fresh_clone_shows_the_promoted_release_from_git_and_refuses_to_evolve_it()
    {
        PromoteFeatureRelease();
        var clone = Clone();

        var list = clone.Ok("generation", "list");
        Assert.Matches(@"v2\.1\.0\s+promoted\s+2/2\s+2", list.Out);
        Assert.Contains("imported from git tags v2.1.0 (promoted, 2 evolutions)", list.Err, StringComparison.Ordinal);

        var show = clone.Ok("generation", "show", "v2.1.0");
        Assert.Contains("imported", show.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("from git tag v2.1.0", show.Out, StringComparison.Ordinal);
        Assert.Matches(@"Changes \(2/2 proven\)", show.Out);
        Assert.DoesNotContain("imported from git", show.Err, StringComparison.Ordinal); // said once

        var evolutions = clone.Ok("evolution", "list", "v2.1.0").Out;
        Assert.Matches(@"v2\.1\.0-rc\.2\s+FEAT-101\s+pass", evolutions);
        Assert.Matches(@"v2\.1\.0-rc\.3\s+BUG-42\s+pass", evolutions);

        var refused = clone.Run("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("promoted", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_clones_import_the_same_ids()
    {
        PromoteFeatureRelease();
        var first = Clone();
        var second = Clone();
        second.Clock.Advance(TimeSpan.FromDays(3));

        first.Ok("generation", "list");
        second.Ok("generation", "list");

        const string generations = "SELECT generation_id, version, status, promoted_at, promoted_by, promoted_commit, created_at, created_by, tag_format, imported_from FROM generations ORDER BY version";
        const string evolutions = "SELECT evolution_id, generation_id, rc_number, tag, status, pipeline_name, run_id, commit_sha, started_at, completed_at, created_by, reason, imported_from FROM evolutions ORDER BY rc_number";
        Assert.Equal(Ids(first, generations), Ids(second, generations));
        Assert.Equal(Ids(first, evolutions), Ids(second, evolutions));
        Assert.Equal(2, Ids(first, evolutions).Count);
        // The original database's ids are its own: the imported rows are new records, derived from the tags.
        Assert.NotEqual(Ids(_gryt, "SELECT generation_id FROM generations"), Ids(first, "SELECT generation_id FROM generations"));
    }

    [Fact]
    public void A_clone_without_gryt_tags_imports_nothing_and_says_nothing()
    {
        var clone = Clone();

        var list = clone.Ok("generation", "list");

        Assert.Equal("", list.Err);
        Assert.Empty(Ids(clone, "SELECT generation_id FROM generations WHERE imported_from IS NOT NULL"));
    }

    [Fact]
    public void A_clone_found_without_gryt_tags_imports_the_releases_it_fetches_later()
    {
        var clone = Clone();
        Assert.Equal("", clone.Ok("generation", "list").Err);
        Assert.Equal("", clone.Ok("generation", "list").Err); // its tags checked once, not listed again

        PromoteFeatureRelease();
        using (var pull = System.Diagnostics.Process.Start("git", ["-C", clone.WorkingDirectory, "pull", "--quiet", "--tags", "origin"]))
        {
            pull.WaitForExit();
            Assert.Equal(0, pull.ExitCode);
        }

        var list = clone.Ok("generation", "list");
        Assert.Contains("imported from git tags v2.1.0 (promoted, 2 evolutions)", list.Err, StringComparison.Ordinal);
        Assert.Matches(@"v2\.1\.0\s+promoted", list.Out);
    }

    [Fact]
    public void A_copy_of_a_gryt_tag_under_another_name_is_not_imported()
    {
        PromoteFeatureRelease();
        _repo.Git("tag", "v9.9.9", "v2.1.0-rc.2"); // lightweight: no record of its own
        _repo.Git("tag", "-a", "copy-of-rc", "-m", ReadTagMessage("v2.1.0-rc.3"), "v2.1.0-rc.3");
        var clone = Clone();

        clone.Ok("generation", "list");

        Assert.Equal(["v2.1.0-rc.2", "v2.1.0-rc.3"], Ids(clone, "SELECT tag FROM evolutions ORDER BY rc_number"));
    }

    [Fact]
    public void A_tagged_version_without_its_contract_file_is_named_and_not_imported()
    {
        PromoteFeatureRelease();
        File.Delete(Path.Combine(_repo.Root, ".gryt", "generations", "v2.1.0.yaml"));
        _gryt.Ok("generation", "new", "v3.0.0"); // a contract file, so the clone looks for tags
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "v2.1.0's contract lost");
        var clone = Clone();

        var list = clone.Ok("generation", "list");

        Assert.Contains("warning: not imported from git: v2.1.0: tagged (", list.Err, StringComparison.Ordinal);
        Assert.Contains(".gryt/generations/v2.1.0.yaml is not in this clone", list.Err, StringComparison.Ordinal);
        Assert.Empty(Ids(clone, "SELECT tag FROM evolutions"));
    }

    [Fact]
    public void An_unprefixed_project_is_imported_with_its_tag_naming()
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml"), "tag_format: \"{version}\"\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "unprefixed tags");
        PromoteFeatureRelease();
        Assert.Contains("2.1.0-rc.2", _repo.Git("tag", "--list"), StringComparison.Ordinal);
        var clone = Clone();

        Assert.Matches(@"v2\.1\.0\s+promoted\s+2/2", clone.Ok("generation", "list").Out);
        Assert.Equal(["{version}|2.1.0"], Ids(clone, "SELECT tag_format, imported_from FROM generations"));
        Assert.Equal(["2.1.0-rc.2", "2.1.0-rc.3"], Ids(clone, "SELECT tag FROM evolutions ORDER BY rc_number"));
    }

    [Fact]
    public void A_promoted_hotfix_is_imported_with_the_release_it_fixes()
    {
        PromoteFeatureRelease();
        _gryt.Ok("audit", "hotfix", "v2.1.0", "-i", "CRIT-1", "--title", "Crash on refund");
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v2.1.1", "--change", "CRIT-1");
        Commit("refund.txt", "fixed\n");
        _gryt.Ok("run", "release");
        _gryt.Ok("audit", "hotfix-promote", "v2.1.1");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "hotfix v2.1.1");
        var clone = Clone();

        var show = clone.Ok("generation", "show", "v2.1.1").Out;

        Assert.Matches(@"Status:\s+promoted", show);
        Assert.Matches(@"Hotfix of:\s+v2\.1\.0", show);
    }

    private string ReadTagMessage(string tag) => _repo.Git("tag", "--list", "--format=%(contents)", tag);
}
