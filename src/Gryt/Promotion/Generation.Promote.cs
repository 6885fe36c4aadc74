using Gryt.Pipelines.Loading;
using Gryt.Project;
using Gryt.Promotion;

namespace Gryt;

public sealed partial record Generation
{
    /// <summary>
    /// Promotes this generation (SPEC §6) exactly as <c>gryt generation promote</c> does (see
    /// <see cref="ReleasePromotion"/>): the project's gates (default, config.yaml's metric and
    /// file gates) plus <paramref name="gates"/> must all pass; then a snapshot when configured, the tag
    /// (unless <paramref name="autoTag"/> is false), release notes, provenance, the record and the
    /// <c>generation_promoted</c> hooks (failures in <see cref="PromotionResult.HookFailures"/>).
    /// <paramref name="data"/> is the project's database (promotion writes to it, so a read-only <see cref="IData"/>
    /// will not do); git and the project are found from its folder; hook variables and GRYT_PACKAGE_SOURCE come from this process's environment.
    /// </summary>
    public Task<PromotionResult> PromoteAsync(SqliteData data, IReadOnlyList<PromotionGate>? gates = null, bool autoTag = true, GrytContext? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var project = GrytProject.Find(Path.GetDirectoryName(data.Database.Path)!);
        context ??= new GrytContext(TimeProvider.System, () => GrytHost.Current.Git(project.Root).UserIdentity() ?? System.Environment.UserName);
        var host = context.Host;
        var git = host.Git(project.Root);
        Func<string, string?> variable = name => host.Environment.TryGetValue(name, out var value) ? value : null;
        var packageSource = PipelineFiles.PackageSource(variable, AppContext.BaseDirectory);
        return new ReleasePromotion(project, data.Database, context, git, variable, packageSource)
            .PromoteAsync(new PromotionRequest(Version) { CreateTag = autoTag, ExtraGates = gates ?? [] }, data, cancellationToken);
    }
}
