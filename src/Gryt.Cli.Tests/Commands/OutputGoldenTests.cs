using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>
/// The plain (not a terminal) output of the contract commands, pinned by golden files. Times come
/// from a fixed clock; ids are replaced by <c>&lt;id-N&gt;</c> and the temp folder by <c>&lt;root&gt;</c>.
/// </summary>
public sealed class OutputGoldenTests : IDisposable
{
    private const string GuideContract = """
        version: v2.1.0
        description: "Payment integration sprint"
        changes:
          - type: add
            id: FEAT-101
            title: "Stripe Connect support"
            pipeline: v2_1_0_FEAT_101_VALIDATION_PIPELINE.cs
          - type: fix
            id: BUG-42
            title: "Timeout on large transactions"
          - type: refine
            id: PERF-7
            title: "Faster checkout"
        pipeline_template: release-pipeline
        """;

    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private string Transcript(params string[] args)
    {
        var result = _project.Gryt.Run(args);
        var shown = string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        return $"$ gryt {shown}\nexit {result.ExitCode}\n--- stdout\n{result.Out}--- stderr\n{result.Err}"
            .Replace(_project.Root, "<root>", StringComparison.Ordinal);
    }

    /// <summary>Three generations: v1.0.0 promoted, v2.1.0 with proven, failed and unproven changes, v2.2.0 empty.</summary>
    private void ArrangeHistory()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0", "--description", "First release");
        _project.Gryt.Clock.Advance(TimeSpan.FromDays(6));
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", GuideContract);
        _project.Gryt.Ok("generation", "update", "v2.1.0");
        _project.Gryt.Clock.Advance(TimeSpan.FromHours(5));
        _project.Gryt.Ok("generation", "new", "v2.2.0");
        _project.Sql("UPDATE generations SET status = 'promoted', promoted_at = '2025-03-20T16:00:00.000Z', promoted_by = 'Release Bot <bot@example.invalid>' WHERE version = 'v1.0.0'");
        _project.AddEvolution("v2.1.0", 1, "fail", "FEAT-101");
        _project.AddEvolution("v2.1.0", 2, "pass", "FEAT-101");
        _project.AddEvolution("v2.1.0", 3, "fail", "BUG-42");
    }

    [Fact]
    public void Init_output_matches_its_golden_file()
    {
        using var fresh = new CliProject(initialise: false);

        var result = fresh.Gryt.Run("init");

        Golden.Verify("init", $"exit {result.ExitCode}\n--- stdout\n{result.Out}--- stderr\n{result.Err}".Replace(fresh.Root, "<root>", StringComparison.Ordinal));
    }

    [Fact]
    public void Init_force_output_lists_what_it_restored()
    {
        File.Delete(Path.Combine(_project.Root, ".gryt", ".gitignore"));

        Golden.Verify("init-force", Transcript("init", "--force"));
    }

    [Fact]
    public void Generation_new_and_update_output_match_their_golden_file()
    {
        var transcript = Transcript("generation", "new", "v2.1.0", "-d", "Payment integration sprint");
        _project.WriteContract("v2.1.0", GuideContract);
        transcript += Transcript("generation", "update", "v2.1.0");
        transcript += Transcript("generation", "update", "v2.1.0");
        _project.WriteContract("v2.1.0", GuideContract
            .Replace("Timeout on large", "Timeouts on large", StringComparison.Ordinal)
            .Replace("  - type: refine\n    id: PERF-7\n    title: \"Faster checkout\"\n", "  - type: remove\n    id: OLD-1\n    title: \"Legacy API\"\n", StringComparison.Ordinal));
        transcript += Transcript("generation", "update", "v2.1.0");

        Golden.Verify("generation-new-update", transcript);
    }

    [Fact]
    public void Generation_list_table_matches_its_golden_file()
    {
        ArrangeHistory();

        Golden.Verify("generation-list", Transcript("generation", "list"));
    }

    [Fact]
    public void Generation_list_without_generations_says_how_to_create_one()
    {
        Golden.Verify("generation-list-empty", Transcript("generation", "list"));
    }

    [Fact]
    public void Generation_show_text_matches_its_golden_file()
    {
        ArrangeHistory();

        Golden.Verify("generation-show", Transcript("generation", "show", "v2.1.0"));
    }

    [Fact]
    public void Generation_show_of_an_empty_and_a_promoted_generation_match_their_golden_file()
    {
        ArrangeHistory();

        Golden.Verify("generation-show-empty-and-promoted", Transcript("generation", "show", "v2.2.0") + Transcript("generation", "show", "1.0.0"));
    }

    [Fact]
    public void Generation_show_after_an_edit_notes_the_sync_on_stderr()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", GuideContract);

        Golden.Verify("generation-show-autosync", Transcript("generation", "show", "v2.1.0"));
    }

    [Fact]
    public void Generation_show_of_an_invalid_edited_file_stops_with_its_error()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges:\n  - type: add\n    id: \"$(touch pwned)\"\n    title: x\n");

        Golden.Verify("generation-show-invalid", Transcript("generation", "show", "v2.1.0"));
    }

    [Fact]
    public void Db_query_and_metric_text_match_their_golden_file()
    {
        ArrangeHistory();

        var transcript = Transcript("db", "query", "SELECT version, status, description, revision FROM generations ORDER BY version");
        transcript += Transcript("db", "metric", "pass_rate", "--gen", "v2.1.0");
        transcript += Transcript("db", "metric", "evolution_count", "--gen", "v2.1.0");
        transcript += Transcript("db", "metric", "mean_duration", "--gen", "v2.1.0");

        Golden.Verify("db-query-metric", transcript);
    }
}
