using Gryt.Evidence;
using Gryt.Git;
using Gryt.Hooks;
using Gryt.Pipelines.Hosting;
using Gryt.Pipelines.Internal;
using Gryt.Pipelines.Loading;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>What to promote: the version, and how (<c>gryt generation promote</c>'s options; <see cref="Generation.PromoteAsync"/>'s).</summary>
internal sealed record PromotionRequest(string Version)
{
    /// <summary>Run the gates and report; change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Tag this commit instead of the newest passing evolution's (<c>--at</c>).</summary>
    public string? At { get; init; }

    /// <summary>False leaves git untagged (library callers only).</summary>
    public bool CreateTag { get; init; } = true;

    /// <summary>Gates the caller adds after the project's own.</summary>
    public IReadOnlyList<PromotionGate> ExtraGates { get; init; } = [];
}

/// <summary>
/// The promotion use case, one for the CLI, the C# API and later the server: the project's gates
/// (the default gates, config.yaml's metric gates and its C# gate files), the promotion itself
/// (<see cref="PromotionService"/>: snapshot before it when configured, tag, release notes,
/// provenance, record; resumable, under the promotion lock), then the <c>generation_promoted</c>
/// hooks of the generation's YAML pipeline. Its <c>variable</c> gives <c>${VAR}</c> in the hooks' pipeline;
/// <c>packageSource</c> is where <c>dotnet run</c> restores the Gryt package from for C# gate files.
/// </summary>
internal sealed class ReleasePromotion(
    GrytProject project, GrytDatabase database, GrytContext context, GitClient git, Func<string, string?> variable, string? packageSource)
{
    /// <summary>Runs the gates and, when they all pass and it is no dry run, promotes; hook failures are in the result.</summary>
    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, IData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = ProjectConfig.Load(project);
        var gates = Gates(config, request.At).Concat(request.ExtraGates).ToList();
        var sync = new Sync.SyncHooks(project, database, context, variable);
        if (config.RequiredApprovals > 0 && sync.Mode != SyncMode.Cloud)
        {
            // In cloud mode the server's compare-and-swap counts the approvals; otherwise this gate does.
            gates.Add(new ApprovalsGate(config.RequiredApprovals, context.Actor));
        }

        var result = await new PromotionService(project, database, context, git) { Sync = sync, RequiredApprovals = config.RequiredApprovals, Signer = FindSigner }
            .PromoteAsync(request.Version, data, gates, request.DryRun, request.At, snapshotBefore: config.SnapshotBeforePromotion, createTag: request.CreateTag, cancellationToken)
            .ConfigureAwait(false);
        return result.Promoted ? result with { HookFailures = await FireHooksAsync(result, cancellationToken).ConfigureAwait(false) } : result;
    }

    /// <summary>Promotes a hotfix generation with the hotfix gates (<see cref="HotfixService.Gates"/>), a snapshot before it when configured.</summary>
    public Task<PromotionResult> PromoteHotfixAsync(string version, IData data, CancellationToken cancellationToken = default) =>
        new HotfixService(project, database, context, git) { Signer = FindSigner }.PromoteAsync(version, data, ProjectConfig.Load(project).SnapshotBeforePromotion, cancellationToken);

    /// <summary>The user's key for the provenance: a gryt key of this project, else git's SSH signing key; null: unsigned.</summary>
    private EvidenceSigner? FindSigner() => EvidenceSigner.Find(project, git, variable);

    /// <summary>The project's gates, in the order they run: the default gates, then one per C# gate file of config.yaml.</summary>
    private List<PromotionGate> Gates(ProjectConfig config, string? atReference) =>
        PromotionService.DefaultGates(config, PolicyFile.Load(project), git, atReference)
            .Concat(config.GateFiles.Select(file =>
            {
                var path = Path.GetFullPath(Path.Combine(project.GrytFolder, file));
                return (PromotionGate)new CSharpGate(path, project.Shown(path), project.Root, project.DatabasePath, packageSource, new ProcessRuntime(), CSharpAppCache.For(project, context.Host));
            }))
            .ToList();

    private async Task<IReadOnlyList<HookFailure>> FireHooksAsync(PromotionResult result, CancellationToken cancellationToken)
    {
        if (result.Generation.PipelineTemplate is not { } template || PipelineFiles.LoadForHooks(project, template, variable) is not { } pipeline) return [];
        var payload = new Dictionary<string, object?>
        {
            [EventPayload.Event] = PipelineEvents.Name(PipelineEvent.GenerationPromoted),
            [EventPayload.Version] = result.Generation.Version,
            [EventPayload.Tag] = result.Tag,
            [EventPayload.Status] = "promoted",
            ["commit_sha"] = result.Commit,
            ["promoted_by"] = result.Generation.PromotedBy,
        };
        using var data = new SqliteData(database);
        return await EventHooks.FireAsync(pipeline, PipelineEvent.GenerationPromoted, payload, data, clock: context.Clock, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
