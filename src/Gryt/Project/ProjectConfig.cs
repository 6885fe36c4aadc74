using Gryt.Yaml;

namespace Gryt.Project;

/// <summary>A declarative promotion gate from config.yaml: the newest value of a metric within bounds.</summary>
internal sealed record MetricGateDefinition(string Metric, double? Min, double? Max);

/// <summary>
/// <c>.gryt/config.yaml</c>, strict like every gryt file. All keys are optional; a missing or
/// comment-only file means the defaults.
/// </summary>
internal sealed record ProjectConfig(
    int MinEvolutions,
    IReadOnlyList<MetricGateDefinition> MetricGates,
    IReadOnlyList<string> GateFiles,
    bool RequireClean)
{
    /// <summary>Defaults: a run on a tree with uncommitted changes proves nothing (<see cref="RequireClean"/>).</summary>
    public static ProjectConfig Default { get; } = new(1, [], [], true);

    /// <summary><c>snapshots.before_promotion</c>: snapshot the database before each promotion (default true).</summary>
    public bool SnapshotBeforePromotion { get; init; } = true;

    /// <summary><c>promotion.approvals</c>: approvals of the contract, by others than the promoter, that promotion needs (default 0).</summary>
    public int RequiredApprovals { get; init; }

    /// <summary><c>sync:</c>: mode, server and project (docs/sync.md); local when absent.</summary>
    public SyncSettings Sync { get; init; } = SyncSettings.Default;

    /// <summary><c>tag_format</c>: how release and rc tags name the version, <c>v{version}</c> (default) or <c>{version}</c> (see <see cref="Gryt.TagFormat"/>).</summary>
    public string TagFormat { get; init; } = Gryt.TagFormat.DefaultTemplate;

    /// <summary><c>push_rc_tags</c>: false keeps rc tags out of the push gryt configures (docs/evolutions.md); default true.</summary>
    public bool PushRcTags { get; init; } = true;

    /// <summary>The <c>tag_format</c> set, for advice that must not fail (gryt init); null when config.yaml is invalid,
    /// which the commands that use it report.</summary>
    public static string? TagFormatOrNull(GrytProject project)
    {
        try
        {
            return Load(project).TagFormat;
        }
        catch (GrytException)
        {
            return null;
        }
    }

    public static ProjectConfig Load(GrytProject project)
    {
        var path = project.ConfigPath;
        if (!File.Exists(path)) return Default;
        var shown = project.Shown(path);
        YamlNodeRef root;
        try
        {
            root = StrictYaml.Load(path, shown);
        }
        catch (InvalidFileException ex) when (ex.Problem == "the file is empty")
        {
            return Default;
        }

        var map = root.AsMap().AllowOnly("promotion", "evolution", "snapshots", "allow_dirty_proofs", "tag_format", "push_rc_tags", "sync");
        var minEvolutions = 1;
        var approvals = 0;
        var gates = new List<MetricGateDefinition>();
        var gateFiles = new List<string>();
        if (map.Optional("promotion") is { IsNull: false } promotionNode)
        {
            var promotion = promotionNode.AsMap().AllowOnly("min_evolutions", "gates", "approvals");
            if (promotion.Optional("min_evolutions") is { IsNull: false } min) minEvolutions = (int)min.AsInteger(1, 1000);
            if (promotion.Optional("approvals") is { IsNull: false } approvalsNode) approvals = (int)approvalsNode.AsInteger(0, 100);
            if (promotion.Optional("gates") is { IsNull: false } gatesNode)
            {
                foreach (var item in gatesNode.AsList("gate"))
                {
                    var gate = item.AsMap().AllowOnly("metric", "min", "max", "file");
                    if (gate.Optional("file") is { IsNull: false } file)
                    {
                        if (gate.Optional("metric") is not null) throw item.Error("a gate has either 'metric' or 'file', not both");
                        gateFiles.Add(file.AsString());
                        continue;
                    }

                    var metric = gate.Required("metric").AsString();
                    var lower = Number(gate.Optional("min"));
                    var upper = Number(gate.Optional("max"));
                    if (lower is null && upper is null) throw item.Error($"the gate on metric '{metric}' needs 'min' or 'max'");
                    gates.Add(new MetricGateDefinition(metric, lower, upper));
                }
            }
        }

        // require_clean: false and allow_dirty_proofs: true (SPEC's name; top level or under evolution) say the same.
        var requireClean = true;
        YamlNodeRef? decided = null;
        void Decide(YamlNodeRef? node, bool meansClean)
        {
            if (node is not { IsNull: false } value) return;
            var clean = value.AsBool() == meansClean;
            if (decided is { } earlier && clean != requireClean)
            {
                throw value.Error($"{value.What} contradicts {earlier.What} (allow_dirty_proofs: true means require_clean: false); keep one");
            }

            decided = value;
            requireClean = clean;
        }

        if (map.Optional("evolution") is { IsNull: false } evolutionNode)
        {
            var evolution = evolutionNode.AsMap().AllowOnly("require_clean", "allow_dirty_proofs");
            Decide(evolution.Optional("require_clean"), meansClean: true);
            Decide(evolution.Optional("allow_dirty_proofs"), meansClean: false);
        }

        Decide(map.Optional("allow_dirty_proofs"), meansClean: false);

        var snapshotBeforePromotion = true;
        if (map.Optional("snapshots") is { IsNull: false } snapshotsNode)
        {
            var snapshots = snapshotsNode.AsMap().AllowOnly("before_promotion");
            if (snapshots.Optional("before_promotion") is { IsNull: false } before) snapshotBeforePromotion = before.AsBool();
        }

        var tagFormat = Gryt.TagFormat.DefaultTemplate;
        if (map.Optional("tag_format") is { IsNull: false } formatNode)
        {
            tagFormat = formatNode.AsString();
            if (Gryt.TagFormat.Problem(tagFormat) is { } problem) throw formatNode.Error(problem);
        }

        var pushRcTags = map.Optional("push_rc_tags") is not { IsNull: false } pushNode || pushNode.AsBool();
        return new ProjectConfig(minEvolutions, gates, gateFiles, requireClean)
        {
            SnapshotBeforePromotion = snapshotBeforePromotion, TagFormat = tagFormat, PushRcTags = pushRcTags,
            RequiredApprovals = approvals,
            Sync = map.Optional("sync") is { IsNull: false } syncNode ? LoadSync(syncNode) : SyncSettings.Default,
        };
    }

    private static SyncSettings LoadSync(YamlNodeRef node)
    {
        var sync = node.AsMap().AllowOnly("mode", "server", "project");
        var mode = SyncMode.Local;
        if (sync.Optional("mode") is { IsNull: false } modeNode && !SyncSettings.TryParseMode(modeNode.AsString(), out mode))
        {
            throw modeNode.Error($"{modeNode.What} must be local, hybrid or cloud, not '{SemanticVersion.Printable(modeNode.AsString())}'");
        }

        string? server = null;
        if (sync.Optional("server") is { IsNull: false } serverNode)
        {
            server = SyncSettings.NormalizeServer(serverNode.AsString())
                ?? throw serverNode.Error($"{serverNode.What} must be an http or https URL, not '{SemanticVersion.Printable(serverNode.AsString())}'");
        }

        string? project = null;
        if (sync.Optional("project") is { IsNull: false } projectNode)
        {
            project = projectNode.AsString();
            if (!SyncSettings.IsProjectName(project)) throw projectNode.Error($"{projectNode.What} must be letters, digits, '.', '_' or '-'");
        }

        if (mode != SyncMode.Local && server is null) throw node.Error($"sync mode {SyncSettings.Word(mode)} needs 'server'");
        return new SyncSettings(mode, server, project);
    }

    private static double? Number(YamlNodeRef? node)
    {
        if (node is null || node.Value.IsNull) return null;
        var text = node.Value.AsString();
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        throw node.Value.Error($"{node.Value.What} must be a number, not '{text}'");
    }
}
