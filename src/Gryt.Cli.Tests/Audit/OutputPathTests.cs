using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

/// <summary>
/// No output option writes over gryt's state (issue 10): the database, its sidecars, anything
/// under .gryt/ or .git/, through symbolic links and .. alike; a folder or an empty name is exit 2;
/// a failed write leaves no half file; and a file's name says what it holds.
/// </summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly CliProject _project = new();

    public OutputPathTests() => AuditHistory.Arrange(_project);

    public void Dispose() => _project.Dispose();

    private string Db => Path.Combine(_project.Root, ".gryt", "gryt.db");

    private static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Runs gryt, asserts exit 2 with a one-line error, and that the database and the named file did not change.</summary>
    private CliResult Refused(string protectedFile, params string[] args)
    {
        var database = Sha(Db);
        var before = File.Exists(protectedFile) ? Sha(protectedFile) : null;

        var result = _project.Gryt.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("gryt: error: ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Err, StringComparison.Ordinal);
        Assert.Equal(database, Sha(Db));
        if (before is not null) Assert.Equal(before, Sha(protectedFile));
        _project.Gryt.Ok("generation", "list");
        return result;
    }

    [Theory]
    [InlineData("audit", "export", "-o")]
    [InlineData("compliance", "-o")]
    public void The_database_is_never_an_output(params string[] command)
    {
        var result = Refused(Db, [.. command, ".gryt/gryt.db"]);

        Assert.Contains("gryt's database", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".gryt/gryt.db-wal")]
    [InlineData(".gryt/gryt.db-shm")]
    [InlineData("sub/../.gryt/gryt.db")]
    [InlineData("./.gryt/../.gryt/gryt.db")]
    [InlineData(".gryt/generations/v1.0.0.yaml")]
    [InlineData(".gryt/pipelines/ci.yaml")]
    [InlineData(".gryt/config.yaml")]
    [InlineData(".gryt/snapshots/x.json")]
    [InlineData(".git/config")]
    public void No_state_file_is_an_output_of_export_or_compliance(string path)
    {
        Directory.CreateDirectory(Path.Combine(_project.Root, "sub"));
        Directory.CreateDirectory(Path.Combine(_project.Root, ".git"));
        File.WriteAllText(Path.Combine(_project.Root, ".git", "config"), "[core]\n");
        var full = Path.Combine(_project.Root, path);

        Assert.Contains("refusing to write", Refused(full, "audit", "export", "-o", path, "-f", "json").Err, StringComparison.Ordinal);
        Assert.Contains("refusing to write", Refused(full, "compliance", "-o", path, "--format", "md").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_to_the_database_or_into_gryt_state_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_project.Root, "report.json"), Db);
        Directory.CreateSymbolicLink(Path.Combine(_project.Root, "out"), Path.Combine(_project.Root, ".gryt"));

        Assert.Contains("gryt's database", Refused(Db, "audit", "export", "-o", "report.json").Err, StringComparison.Ordinal);
        Assert.Contains("gryt's database", Refused(Db, "audit", "export", "-o", "out/gryt.db").Err, StringComparison.Ordinal);
        Assert.Contains("inside .gryt/", Refused(Db, "compliance", "-o", "out/generations/report.md").Err, StringComparison.Ordinal);
        Assert.Equal(Db, File.ResolveLinkTarget(Path.Combine(_project.Root, "report.json"), false)!.FullName);
    }

    [Fact]
    public void The_database_named_by_GRYT_DB_is_protected_wherever_it_is()
    {
        using var elsewhere = new Gryt.Tests.TestSupport.TempDirectory();
        var database = Path.Combine(elsewhere.Path, "state.db");
        File.Copy(Db, database);
        _project.Gryt.Variables["GRYT_DB"] = database;
        var before = Sha(database);

        var result = _project.Gryt.Run("audit", "export", "-o", database);
        var wal = _project.Gryt.Run("compliance", "-o", database + "-wal", "-f", "md");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(2, wal.ExitCode);
        Assert.Equal(before, Sha(database));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("reports")]
    [InlineData("reports/")]
    public void A_folder_or_an_empty_name_is_exit_2_not_70(string path)
    {
        Directory.CreateDirectory(Path.Combine(_project.Root, "reports"));

        var export = _project.Gryt.Run("audit", "export", "-o", path, "-f", "json");
        var report = _project.Gryt.Run("compliance", "-o", path, "-f", "html");

        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.True(report.ExitCode == 2, report.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_project.Root, "reports")));
    }

    [Theory]
    [InlineData("audit", "export", "-o", "x.pdf")]
    [InlineData("audit", "export", "-o", "x.csv", "-f", "json")]
    [InlineData("compliance", "-o", "x.pdf")]
    [InlineData("compliance", "-o", "x.pdf", "--format", "html")]
    [InlineData("compliance", "-o", "x.md", "--format", "html")]
    public void A_file_name_that_says_another_format_is_exit_2_and_writes_nothing(params string[] args)
    {
        var before = Directory.GetFiles(_project.Root);

        var result = _project.Gryt.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(before, Directory.GetFiles(_project.Root));
        if (args.Contains("x.pdf") && args.Length == 3) Assert.Contains("print it to PDF", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipeline_file_of_gen_test_that_links_to_the_database_is_refused()
    {
        _project.WriteContract("v1.1.0", "version: v1.1.0\nchanges:\n  - type: add\n    id: FEAT-9\n    title: \"x\"\n");
        _project.Gryt.Ok("generation", "update", "v1.1.0");
        var expected = _project.Gryt.Run("generation", "gen-test", "v1.1.0", "--all", "-f", "yaml", "--force");
        Assert.True(expected.ExitCode == 0, expected.ToString());
        var written = Directory.GetFiles(Path.Combine(_project.Root, ".gryt", "pipelines"), "*feat*", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }).Single();
        File.Delete(written);
        File.CreateSymbolicLink(written, Db);

        Refused(Db, "generation", "gen-test", "v1.1.0", "--all", "-f", "yaml", "--force");
    }

    [Fact]
    public void A_ci_workflow_that_links_to_the_database_is_refused()
    {
        var workflows = Path.Combine(_project.Root, ".github", "workflows");
        Directory.CreateDirectory(workflows);
        _project.Gryt.Ok("init", "--ci", "github");
        var workflow = Directory.GetFiles(workflows).Single();
        File.Delete(workflow);
        File.CreateSymbolicLink(workflow, Db);

        Refused(Db, "init", "--ci", "github", "--force");
    }

    [Theory]
    [InlineData("--version", "v1.1.0")]
    [InlineData("--since", "2025-03-14T11:00:00Z")]
    [InlineData("--since", "2030-01-01")]
    public void Export_prints_the_counts_of_what_it_wrote(string option, string value)
    {
        var result = _project.Gryt.Ok("audit", "export", "-o", "a.json", option, value, "--json");

        using var printed = JsonDocument.Parse(result.Out);
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(_project.Root, "a.json")));
        var generations = file.RootElement.GetProperty("generations").EnumerateArray().ToList();
        Assert.Equal(generations.Count, printed.RootElement.GetProperty("generations").GetInt32());
        Assert.Equal(generations.Sum(g => g.GetProperty("evolutions").GetArrayLength()), printed.RootElement.GetProperty("evolutions").GetInt32());
        Assert.Equal(file.RootElement.GetProperty("audit_events").GetArrayLength(), printed.RootElement.GetProperty("audit_events").GetInt32());
    }

    [Fact]
    public void Export_of_a_tampered_database_prints_the_events_it_wrote()
    {
        _project.Sql("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2");

        var result = _project.Gryt.Run("audit", "export", "-o", "a.json");

        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(_project.Root, "a.json")));
        var events = file.RootElement.GetProperty("audit_events").GetArrayLength();
        Assert.Contains($", {events} audit events", result.Out, StringComparison.Ordinal);
        Assert.Contains("audit chain is broken", result.Err, StringComparison.Ordinal);
    }

    [RootFact]
    public void A_full_disk_fails_the_export_with_exit_5_leaving_the_old_file_and_no_temporary_one()
    {
        var folder = Path.Combine(_project.Root, "full");
        Directory.CreateDirectory(folder);
        Mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", folder);
        try
        {
            var target = Path.Combine(folder, "audit.json");
            File.WriteAllText(target, "{\"old\":true}");
            // Fill the disk, then leave a few bytes: the export cannot fit.
            try
            {
                File.WriteAllBytes(Path.Combine(folder, "filler"), new byte[128 * 1024]);
            }
            catch (IOException)
            {
            }

            var result = _project.Gryt.Run("audit", "export", "-o", "full/audit.json");
            var report = _project.Gryt.Run("compliance", "-o", "full/report.html");

            Assert.True(result.ExitCode == 5, result.ToString());
            Assert.Contains("disk is full", result.Err, StringComparison.Ordinal);
            Assert.True(report.ExitCode == 5, report.ToString());
            Assert.Equal("{\"old\":true}", File.ReadAllText(target));
            Assert.Equal(["audit.json", "filler"], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).OfType<string>().Order(StringComparer.Ordinal).ToArray());
        }
        finally
        {
            Mount("-u", folder);
        }
    }

    private static void Mount(params string[] args)
    {
        var unmount = args[0] == "-u";
        using var process = Process.Start(new ProcessStartInfo(unmount ? "umount" : "mount", unmount ? args[1..] : args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{(unmount ? "umount" : "mount")} failed: {error}");
    }
}

/// <summary>A fact that needs root (to mount a small tmpfs); skipped with the reason otherwise.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") Skip = "needs root on Linux to mount a small tmpfs (a full disk); chmod cannot make a folder unwritable for root";
    }
}
