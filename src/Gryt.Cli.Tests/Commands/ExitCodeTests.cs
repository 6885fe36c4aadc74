using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>Each error class maps to its exit code, with a one-line <c>gryt: error:</c> and no stack trace.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private static void AssertCleanError(CliResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}:\n{result}");
        Assert.StartsWith("gryt: error: ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        var lines = result.Err.TrimEnd('\n').Split('\n');
        Assert.InRange(lines.Length, 1, 2);
        if (lines.Length == 2) Assert.StartsWith("hint: ", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("nonesuch", "push", "--version", "v2.1.0")]
    [InlineData("nonesuch", "status", "--version", "v2.1.0")]
    [InlineData("nonesuch", "--version")]
    [InlineData("nonesuch", "--help")]
    [InlineData("sync", "--version")]
    [InlineData("generation", "bogus", "--help")]
    [InlineData("generation", "new")]
    [InlineData("generation", "list", "--nope")]
    [InlineData("generation", "show", "v1.0.0", "extra")]
    [InlineData("db", "metric", "pass_rate")]
    public void A_usage_error_exits_2_and_points_at_help(params string[] args)
    {
        var result = _project.Gryt.Run(args);

        AssertCleanError(result, 2);
        Assert.Contains("hint: see gryt", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("../../outside")]
    [InlineData("v1.0.0;touch pwned")]
    public void A_bad_version_exits_2_and_writes_nothing(string version)
    {
        var result = _project.Gryt.Run("generation", "new", version);

        AssertCleanError(result, 2);
        Assert.Contains("is not a semantic version", result.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_project.Root, ".gryt", "generations")));
        Assert.False(File.Exists(Path.Combine(_project.Root, "pwned")));
    }

    [Fact]
    public void A_bad_contract_file_exits_2_with_its_position()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges:\n  - type: feature\n    id: X-1\n    title: \"a\"\n");

        var result = _project.Gryt.Run("generation", "update", "v2.1.0");

        AssertCleanError(result, 2);
        Assert.StartsWith("gryt: error: .gryt/generations/v2.1.0.yaml:3:11: change type 'feature'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_exits_2_with_its_position()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges:\n  - type: add\n   id: X-1\n    title: [unclosed\n");

        var result = _project.Gryt.Run("generation", "update", "v2.1.0");

        AssertCleanError(result, 2);
        Assert.Matches(@"^gryt: error: \.gryt/generations/v2\.1\.0\.yaml:\d+:\d+: invalid YAML", result.Err);
    }

    [Fact]
    public void A_read_only_query_that_writes_exits_2()
    {
        var result = _project.Gryt.Run("db", "query", "DELETE FROM generations");

        AssertCleanError(result, 2);
        Assert.Contains("--write", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PRAGMA journal_mode=DELETE")]
    [InlineData("VACUUM INTO '{root}/copy.db'")]
    [InlineData("VACUUM")]
    [InlineData("ATTACH DATABASE '{root}/other.db' AS other")]
    [InlineData("ATTACH DATABASE '.gryt/gryt.db' AS again")]
    [InlineData("PRAGMA user_version = 99")]
    [InlineData("PRAGMA wal_checkpoint(TRUNCATE)")]
    [InlineData("PRAGMA optimize")]
    [InlineData("CREATE TEMP TABLE t(x)")]
    [InlineData("SELECT 1; DELETE FROM generations")]
    [InlineData("PRAGMA query_only = 0; UPDATE generations SET status = 'promoted'")]
    public void A_read_only_query_that_writes_in_any_form_exits_2_at_once_and_creates_nothing(string sql)
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        var before = Directory.GetFileSystemEntries(_project.Root, "*", SearchOption.AllDirectories).Order().ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Relative file names would be resolved against the test process's folder, not the project's.
        var result = _project.Gryt.Run("db", "query", sql.Replace("{root}", _project.Root, StringComparison.Ordinal));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        AssertCleanError(result, 2);
        Assert.Contains("read-only", result.Err, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_project.Root, "*", SearchOption.AllDirectories).Order().ToArray());
        // Reading pragmas still works, and shows nothing changed.
        Assert.Contains("\"journal_mode\": \"wal\"", _project.Gryt.Ok("db", "query", "--json", "PRAGMA journal_mode").Out, StringComparison.Ordinal);
        Assert.DoesNotContain(": 99", _project.Gryt.Ok("db", "query", "--json", "PRAGMA user_version").Out, StringComparison.Ordinal);
        Assert.Contains("draft", _project.Gryt.Ok("db", "query", "SELECT status FROM generations").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sql_error_exits_2()
    {
        AssertCleanError(_project.Gryt.Run("db", "query", "SELEC 1"), 2);
    }

    [Theory]
    [InlineData("generation", "show", "v9.9.9")]
    [InlineData("generation", "update", "v9.9.9")]
    [InlineData("db", "metric", "pass_rate", "--gen", "v9.9.9")]
    public void An_unknown_version_exits_3(params string[] args)
    {
        var result = _project.Gryt.Run(args);

        AssertCleanError(result, 3);
        Assert.Contains("v9.9.9", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_of_a_deleted_contract_file_points_at_restoring_it_not_at_generation_new()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        File.Delete(_project.GenerationFile("v2.1.0"));

        var result = _project.Gryt.Run("generation", "update", "v2.1.0");

        AssertCleanError(result, 3);
        Assert.Contains(".gryt/generations/v2.1.0.yaml does not exist", result.Err, StringComparison.Ordinal);
        Assert.Contains("hint: restore the file (git checkout -- .gryt/generations/v2.1.0.yaml)", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("generation new", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_metric_exits_3()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");

        AssertCleanError(_project.Gryt.Run("db", "metric", "coverage", "--gen", "v2.1.0"), 3);
    }

    [Fact]
    public void A_duplicate_generation_exits_4()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");

        var result = _project.Gryt.Run("generation", "new", "2.1.0");

        AssertCleanError(result, 4);
        Assert.Contains("v2.1.0 already exists", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_init_exits_4()
    {
        AssertCleanError(_project.Gryt.Run("init"), 4);
    }

    [Fact]
    public void Update_refuses_removing_a_change_that_has_evolutions_with_exit_4()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges:\n  - type: add\n    id: FEAT-101\n    title: \"a\"\n");
        _project.Gryt.Ok("generation", "update", "v2.1.0");
        _project.AddEvolution("v2.1.0", 1, "fail", "FEAT-101");
        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges: []\n");

        var result = _project.Gryt.Run("generation", "update", "v2.1.0");

        AssertCleanError(result, 4);
        Assert.Contains("FEAT-101", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generation", "list")]
    [InlineData("generation", "show", "v1.0.0")]
    [InlineData("generation", "new", "v1.0.0")]
    [InlineData("generation", "update", "v1.0.0")]
    [InlineData("db", "query", "SELECT 1")]
    [InlineData("db", "metric", "pass_rate", "--gen", "v1.0.0")]
    public void Without_a_gryt_folder_every_command_exits_5_and_says_to_run_init(params string[] args)
    {
        using var empty = new CliProject(initialise: false);

        var result = empty.Gryt.Run(args);

        AssertCleanError(result, 5);
        Assert.Contains("no .gryt/ found", result.Err, StringComparison.Ordinal);
        Assert.Contains("hint: run gryt init", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(empty.Root, ".gryt")));
    }

    [Fact]
    public void A_database_from_a_newer_gryt_exits_5()
    {
        _project.Sql("PRAGMA user_version = 999");

        var result = _project.Gryt.Run("generation", "list");

        AssertCleanError(result, 5);
        Assert.Contains("newer than this gryt understands", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Gryt_db_pointing_into_a_missing_folder_exits_5()
    {
        _project.Gryt.Variables["GRYT_DB"] = Path.Combine(_project.Root, "missing", "gryt.db");

        AssertCleanError(_project.Gryt.Run("generation", "list"), 5);
    }

    [Fact]
    public void Gryt_debug_shows_the_stack_trace()
    {
        _project.Gryt.Variables["GRYT_DEBUG"] = "1";

        var result = _project.Gryt.Run("generation", "show", "v9.9.9");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("gryt: error: ", result.Err, StringComparison.Ordinal);
        Assert.Contains("   at ", result.Err, StringComparison.Ordinal);
    }
}
