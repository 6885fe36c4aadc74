using Gryt.Tests.TestSupport;
using Gryt.Evolutions;
using Gryt.Promotion;
using Gryt.Project;
using Gryt.Tests.Evolutions;

namespace Gryt.Tests.Promotion;

/// <summary>A real repository with gryt, and the steps of a release: prove a change on the current branch, promote.</summary>
internal sealed class PromotionFixture : IDisposable
{
    public ReleaseRepository Repo { get; } = new();

    public TestData Data => new(Repo.Database);

    public EvolutionService Evolutions => new(Repo.Project, Repo.Database, Repo.Context, Repo.Tags);

    public PromotionService Promotion => new(Repo.Project, Repo.Database, Repo.Context, Repo.Tags);

    public HotfixService Hotfixes => new(Repo.Project, Repo.Database, Repo.Context, Repo.Tags);

    /// <summary>Starts an evolution, commits on the current branch, records a run of that commit and completes the evolution.</summary>
    public async Task<(string Tag, string Commit)> ProveAsync(string version, string change, bool pass = true, bool dirty = false)
    {
        var evolution = (await Evolutions.StartAsync(version, [change], null, StepsOf.None)).Evolution;
        var commit = Repo.Commit("work for " + evolution.Tag);
        var runId = Repo.Run(Guid.NewGuid().ToString(), commit);
        if (dirty) Exec($"UPDATE pipeline_runs SET dirty = 1 WHERE run_id = '{runId}'");
        Evolutions.BindRun(evolution);
        // A dirty proof exists only where dirty proofs are allowed (gryt run --allow-dirty).
        Evolutions.Complete(evolution, pass ? RunStatus.Pass : RunStatus.Fail, runId, allowDirty: dirty);
        return (evolution.Tag, commit);
    }

    public async Task<PromotionResult> PromoteAsync(string version, string? at = null, bool dryRun = false) =>
        await Promotion.PromoteAsync(version, Data, PromotionService.DefaultGates(ProjectConfig.Default, [], Repo.Tags, at), dryRun, at);

    public Generation Generation(string version) => Repo.Contracts.Show(version).Generation;

    public void Exec(string sql)
    {
        using var command = Repo.Database.Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => Repo.Dispose();
}
