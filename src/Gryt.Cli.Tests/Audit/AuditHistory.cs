using System.Text.RegularExpressions;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

/// <summary>
/// A project with a fixed history for the audit commands: v1.0.0 promoted, proven by a passing
/// evolution (after a failed one) with runs, steps (and their commands), metrics and a policy check; v1.1.0 a draft. Run ids and times are fixed;
/// generation and event ids are UUIDv7 and hashes follow from them, so output is normalised.
/// </summary>
internal static partial class AuditHistory
{
    public const string Sha = "0123456789abcdef0123456789abcdef01234567";

    public static void Arrange(CliProject project)
    {
        project.Gryt.Ok("generation", "new", "v1.0.0", "--description", "First release");
        project.WriteContract("v1.0.0", """
            version: v1.0.0
            description: "First release"
            changes:
              - type: add
                id: FEAT-1
                title: "Login page <script>alert(1)</script>"
              - type: fix
                id: BUG-7
                title: "Quote \" and comma, in a title"
            pipeline_template: ci
            """);
        project.Gryt.Ok("generation", "update", "v1.0.0");
        project.Gryt.Clock.Advance(TimeSpan.FromHours(1));
        project.Sql($"""
            INSERT INTO pipeline_runs (run_id, pipeline_name, status, commit_sha, dirty, started_at, ended_at, exit_code, actor) VALUES
              ('run-1', 'ci', 'fail', '{Sha}', 0, '2025-03-14T10:00:00.000Z', '2025-03-14T10:00:07.000Z', 1, 'CI Bot'),
              ('run-2', 'ci', 'pass', '{Sha}', 0, '2025-03-14T11:00:00.000Z', '2025-03-14T11:00:05.000Z', 0, 'CI Bot'),
              ('run-3', 'nightly', 'pass', NULL, 1, '2025-03-14T12:00:00.000Z', '2025-03-14T12:01:00.000Z', 0, NULL);
            INSERT INTO step_runs (step_run_id, run_id, step_name, status, exit_code, attempts, started_at, ended_at, duration_ms, log_path) VALUES
              ('step-1', 'run-1', 'test', 'fail', 1, 1, '2025-03-14T10:00:01.000Z', '2025-03-14T10:00:07.000Z', 6000, '.gryt/logs/run-1/test.log'),
              ('step-2', 'run-2', 'build', 'pass', 0, 1, '2025-03-14T11:00:00.000Z', '2025-03-14T11:00:02.000Z', 2000, NULL),
              ('step-3', 'run-2', 'test', 'pass', 0, 2, '2025-03-14T11:00:02.000Z', '2025-03-14T11:00:05.000Z', 3000, NULL);
            INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, pipeline_name, run_id, commit_sha, started_at, completed_at, created_by)
              SELECT 'evo-1', generation_id, 1, 'v1.0.0-rc.1', 'fail', 'ci', 'run-1', '{Sha}', '2025-03-14T10:00:00.000Z', '2025-03-14T10:00:07.000Z', 'Dev One' FROM generations WHERE version = 'v1.0.0';
            INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, pipeline_name, run_id, commit_sha, started_at, completed_at, created_by)
              SELECT 'evo-2', generation_id, 2, 'v1.0.0-rc.2', 'pass', 'ci', 'run-2', '{Sha}', '2025-03-14T11:00:00.000Z', '2025-03-14T11:00:05.000Z', 'Dev One' FROM generations WHERE version = 'v1.0.0';
            INSERT INTO evolution_changes (evolution_id, generation_id, change_id)
              SELECT 'evo-1', generation_id, 'FEAT-1' FROM generations WHERE version = 'v1.0.0'
              UNION ALL SELECT 'evo-2', generation_id, 'FEAT-1' FROM generations WHERE version = 'v1.0.0'
              UNION ALL SELECT 'evo-2', generation_id, 'BUG-7' FROM generations WHERE version = 'v1.0.0';
            UPDATE step_runs SET command = 'dotnet test' WHERE step_run_id IN ('step-1', 'step-3');
            UPDATE step_runs SET command = 'uses: dotnet-build' WHERE step_run_id = 'step-2';
            INSERT INTO data_rows (data_row_id, evolution_id, run_id, step_name, metric_name, metric_value, artifact_path, source, created_at) VALUES
              ('data-1', 'evo-2', 'run-2', 'test', 'coverage', 81.5, NULL, 'cobertura', '2025-03-14T11:00:05.000Z'),
              ('data-2', 'evo-2', 'run-2', 'test', 'tests_passed', 42, NULL, 'junit', '2025-03-14T11:00:05.000Z'),
              ('data-3', 'evo-2', 'run-2', 'build', NULL, NULL, 'bin/app.zip', 'api', '2025-03-14T11:00:02.000Z');
            INSERT INTO policies_checks (check_id, generation_id, evolution_id, change_id, policy_name, pipeline_name, passed, missing_steps, checked_at)
              SELECT 'check-1', generation_id, 'evo-1', 'FEAT-1', 'tests-required', 'ci', 1, '[]', '2025-03-14T10:00:00.000Z' FROM generations WHERE version = 'v1.0.0';
            UPDATE generations SET status = 'promoted', promoted_at = '2025-03-14T13:00:00.000Z', promoted_by = 'Release Bot', promoted_commit = '{Sha}' WHERE version = 'v1.0.0';
            """);
        project.Gryt.Clock.Advance(TimeSpan.FromHours(1));
        project.Gryt.Ok("generation", "new", "v1.1.0");
    }

    /// <summary>Ids, hashes, snapshot ids and the temp folder replaced by stable placeholders.</summary>
    public static string Normalise(string text, string root)
    {
        var hashes = new Dictionary<string, int>(StringComparer.Ordinal);
        text = Hash().Replace(text, m =>
        {
            if (!hashes.TryGetValue(m.Value, out var n)) hashes[m.Value] = n = hashes.Count + 1;
            return $"<hash-{n}>";
        });
        text = SnapshotId().Replace(text, "<snapshot-id>");
        return text.Replace(root, "<root>", StringComparison.Ordinal).Replace(Path.GetFileName(root), "<project>", StringComparison.Ordinal);
    }

    [GeneratedRegex("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")]
    private static partial Regex Hash();

    [GeneratedRegex(@"snap-\d{8}T\d{6}Z-[0-9a-f]{10}")]
    private static partial Regex SnapshotId();
}
