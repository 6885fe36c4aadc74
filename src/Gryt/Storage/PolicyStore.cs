using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>SQL for <c>policies_checks</c>: every policy evaluation, passed or not.</summary>
internal sealed class PolicyStore(GrytDatabase database)
{
    public void Record(SqliteTransaction transaction, string generationId, string? evolutionId, string changeId, string policyName,
        string? pipelineName, bool passed, IReadOnlyList<string> missingSteps, DateTimeOffset now)
    {
        using var command = database.Command(
            """
            INSERT INTO policies_checks (check_id, generation_id, evolution_id, change_id, policy_name, pipeline_name, passed, missing_steps, checked_at)
            VALUES ($id, $g, $e, $c, $p, $pipe, $passed, $missing, $at)
            """, transaction)
            .With("$id", Ids.New(now)).With("$g", generationId).With("$e", evolutionId).With("$c", changeId).With("$p", policyName)
            .With("$pipe", pipelineName).With("$passed", passed ? 1 : 0).With("$missing", PlainJson.Array(missingSteps))
            .With("$at", Timestamps.Format(now));
        command.ExecuteNonQuery();
    }
}
