using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>The real binary in a real git repository, as a user runs it.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly GitRepository _repository = new();

    public void Dispose() => _repository.Dispose();

    private CliResult Gryt(params string[] args) => GrytIn(_repository.Root, args);

    private static CliResult GrytIn(string workingDirectory, params string[] args)
    {
        var result = GrytBinary.Run(workingDirectory, args);
        Assert.True(result.ExitCode == 0, $"gryt {string.Join(' ', args)} failed:\n{result}");
        return result;
    }

    [Fact]
    public void Init_new_edit_update_show_list_in_a_git_repository()
    {
        var init = Gryt("init");
        Assert.Contains("Initialized gryt project", init.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not the root of a git repository", init.Err, StringComparison.Ordinal);

        Gryt("generation", "new", "v2.1.0", "--description", "Payment integration sprint");
        var file = Path.Combine(_repository.Root, ".gryt", "generations", "v2.1.0.yaml");
        File.WriteAllText(file, """
            version: v2.1.0
            description: "Payment integration sprint"
            changes:
              - type: add
                id: FEAT-101
                title: "Stripe Connect support"
              - type: fix
                id: BUG-42
                title: "Timeout on large transactions"
            pipeline_template: release-pipeline
            """);

        var update = Gryt("generation", "update", "v2.1.0");
        Assert.Contains("+ FEAT-101", update.Out, StringComparison.Ordinal);
        Assert.Contains("+ BUG-42", update.Out, StringComparison.Ordinal);

        var show = Gryt("generation", "show", "v2.1.0");
        Assert.Matches(@"FEAT-101\s+add\s+unproven\s+Stripe Connect support\s+release-pipeline", show.Out);
        Assert.Matches(@"BUG-42\s+fix\s+unproven\s+Timeout on large transactions", show.Out);

        // From a subdirectory, like git.
        var nested = Directory.CreateDirectory(Path.Combine(_repository.Root, "src", "deep")).FullName;
        var list = GrytIn(nested, "generation", "list");
        Assert.Matches(@"v2\.1\.0\s+draft\s+0/2\s+0", list.Out);

        using var json = JsonDocument.Parse(Gryt("generation", "list", "--json").Out);
        Assert.Equal("v2.1.0", json.RootElement.GetProperty("generations")[0].GetProperty("version").GetString());

        // The actor comes from the repository's git user.
        using var actor = JsonDocument.Parse(Gryt("db", "query", "--json", "SELECT DISTINCT actor FROM audit_events").Out);
        Assert.Equal("Test User <test@example.invalid>", actor.RootElement.GetProperty("rows")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public void Git_does_not_see_the_database()
    {
        Gryt("init");
        Gryt("generation", "new", "v1.0.0");

        var status = _repository.Git("status", "--porcelain", "--untracked-files=all");

        Assert.Contains(".gryt/generations/v1.0.0.yaml", status, StringComparison.Ordinal);
        Assert.Contains(".gryt/config.yaml", status, StringComparison.Ordinal);
        Assert.DoesNotContain("gryt.db", status, StringComparison.Ordinal);

        _repository.Git("add", "--all");
        Assert.DoesNotContain("gryt.db", _repository.Git("ls-files"), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_from_the_binary_have_their_exit_code_and_no_stack_trace()
    {
        var noProject = GrytBinary.Run(_repository.Root, "generation", "list");
        Assert.Equal(5, noProject.ExitCode);
        Assert.StartsWith("gryt: error: ", noProject.Err, StringComparison.Ordinal);

        Gryt("init");
        var unknown = GrytBinary.Run(_repository.Root, "generation", "show", "v9.9.9");
        Assert.Equal(3, unknown.ExitCode);
        Assert.StartsWith("gryt: error: generation v9.9.9 not found", unknown.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unknown.Err, StringComparison.Ordinal);
        Assert.Equal("", unknown.Out);
    }

    [Fact]
    public void Version_prints_the_product_version()
    {
        var shown = Gryt("--version").Out;

        Assert.Equal(GrytVersion.Current + "\n", shown);
        Assert.Equal("0.1.0", shown.Trim());
    }
    [Fact]
    public void Messages_from_dotnet_are_sentences_not_resource_keys()
    {
        Gryt("init");
        File.WriteAllText(Path.Combine(_repository.Root, ".gryt", "pipelines", "broken-report.yaml"), """
            steps:
              - name: a
                run: "printf '<testsuite><testcase' > junit.xml"
                reports: [junit.xml]
            """);

        Gryt("run", "broken-report");

        // The note is in the step's recorded output tail, written by the binary.
        var tail = Gryt("db", "query", "SELECT output_tail FROM step_runs WHERE step_name = 'a'").Out;
        Assert.Contains("malformed XML report: Unexpected end of file", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("Xml_", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_before_version_is_a_usage_error_in_the_binary()
    {
        var result = GrytBinary.Run(_repository.Root, "nonesuch", "push", "--version", "v2.1.0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith("gryt: error: Unrecognized command or argument 'nonesuch'", result.Err, StringComparison.Ordinal);
    }
}
