using System.Globalization;
using System.Text.RegularExpressions;
using Gryt.Pipelines.Internal;
using Gryt.Steps;
using Gryt.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gryt.Pipelines.Loading;

/// <summary>How <c>${VAR}</c> in hook and destination options is treated.</summary>
internal enum VariableMode
{
    /// <summary>For running: an unset variable is an error.</summary>
    Require,

    /// <summary>For listing and validating: an unset variable stays as written.</summary>
    Keep,
}

/// <summary>
/// Reads a declarative pipeline (SPEC §2) strictly: every problem is an
/// <see cref="InvalidFileException"/> naming <c>file:line:column</c>.
/// </summary>
internal static partial class YamlPipelineLoader
{
    private static readonly string[] TopKeys =
        ["name", "description", "parallel_runners", "fail_fast", "env", "secrets", "steps", "hooks", "destinations"];

    private static readonly string[] StepKeys =
        ["name", "run", "uses", "with", "description", "needs", "timeout", "retries", "cwd", "env", "continue_on_error", "reports", "reports_required", "artifacts"];

    /// <summary>Loads <paramref name="path"/>; <paramref name="shownPath"/> is how errors name the file.</summary>
    public static Pipeline Load(string path, string shownPath, Func<string, string?> variable, VariableMode mode)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var root = StrictYaml.Load(path, shownPath).AsMap()
            .AllowOnly(TopKeys);
        var fileName = Path.GetFileNameWithoutExtension(path);

        var nameNode = root.Optional("name");
        var name = fileName;
        if (nameNode is { IsNull: false } given)
        {
            name = given.AsString();
            if (name != fileName)
            {
                throw given.Error($"the pipeline is named '{name}' but its file is {Path.GetFileName(path)}: 'name' must match the file name ('{fileName}')");
            }
        }

        var description = Description(root);
        var parallel = root.Optional("parallel_runners") is { IsNull: false } p ? (int)p.AsInteger(1, 1024) : 1;
        var failFast = root.Optional("fail_fast") is not { IsNull: false } ff || ff.AsBool();
        var env = Environment(root.Optional("env"));
        var secrets = root.Optional("secrets") is { IsNull: false } s ? Strings(s, "secret") : [];
        foreach (var secret in secrets)
        {
            if (!VariableName().IsMatch(secret.Value)) throw secret.Node.Error($"'{secret.Value}' is not an environment variable name");
        }

        var stepsNode = root.Required("steps");
        var stepNodes = stepsNode.AsList("step");
        if (stepNodes.Count == 0) throw stepsNode.Error("a pipeline needs at least one step");

        var parsed = stepNodes.Select(ParseStep).ToList();
        var problem = PipelineGraph.FindProblem(parsed.Select(p => p.Name).ToList(), parsed.Select(p => (IReadOnlyList<string>)p.Needs.Select(n => n.Value).ToList()).ToList());
        if (problem is not null)
        {
            var at = problem.NeedIndex is { } n && n >= 0 ? parsed[problem.StepIndex].Needs[n].Node : parsed[problem.StepIndex].NameNode;
            throw at.Error(problem.Message);
        }

        var hooks = new List<(PipelineEvent Event, List<Destination> Targets)>();
        if (root.Optional("hooks") is { IsNull: false } hooksNode)
        {
            foreach (var (hookEvent, targets) in hooksNode.AsMap().Entries)
            {
                if (!PipelineEvents.TryParse(hookEvent, out var known))
                {
                    throw targets.Error($"unknown hook event '{hookEvent}' (events: {string.Join(", ", PipelineEvents.All)})");
                }

                hooks.Add((known, targets.IsNull ? [] : targets.AsList("destination").Select(t => Destination(t, variable, mode)).ToList()));
            }
        }

        var destinations = root.Optional("destinations") is { IsNull: false } d
            ? d.AsList("destination").Select(t => Destination(t, variable, mode)).ToList()
            : [];

        var pipeline = new Pipeline(name, parsed.Select(p => p.Step).ToList())
        {
            ParallelRunners = parallel,
            FailFast = failFast,
            Destinations = destinations,
            Environment = env,
            Secrets = secrets.Select(x => x.Value).ToList(),
            Description = description,
        };
        return hooks.Aggregate(pipeline, (withHooks, hook) => withHooks.On(hook.Event, hook.Targets));
    }

    private sealed record ParsedStep(string Name, YamlNodeRef NameNode, List<(string Value, YamlNodeRef Node)> Needs, Step Step);

    private static ParsedStep ParseStep(YamlNodeRef node)
    {
        var map = node.AsMap().AllowOnly(StepKeys);
        // A built-in step is named by its uses: word unless it says otherwise (docs/steps.md).
        var nameNode = map.Optional("name") is { IsNull: false } given ? given : map.Optional("uses") ?? map.Required("name");
        var name = nameNode.AsString();
        if (!PipelineGraph.StepName().IsMatch(name))
        {
            throw nameNode.Error($"step name '{name}' may only use letters, digits, '.', '_' and '-'");
        }

        var run = map.Optional("run");
        var uses = map.Optional("uses");
        var with = map.Optional("with");
        if (run is not null && uses is not null) throw node.Error($"step '{name}' has both 'run' and 'uses': give one");
        if (run is null && uses is null) throw node.Error($"step '{name}' needs 'run' (a command) or 'uses' (a built-in step)");
        if (with is not null && uses is null) throw with.Value.Error($"'with' of step '{name}' only goes with 'uses'");

        var needs = map.Optional("needs") is { IsNull: false } needsNode
            ? needsNode.Node is YamlScalarNode ? [(needsNode.AsString(), needsNode)] : Strings(needsNode, "need")
            : [];
        var timeout = map.Optional("timeout") is { IsNull: false } t ? Timeout(t) : (TimeSpan?)null;
        var retries = map.Optional("retries") is { IsNull: false } r ? (int)r.AsInteger(0, 100) : (int?)null;
        var cwd = map.OptionalString("cwd");
        if (cwd is not null && Path.IsPathRooted(cwd)) throw map.Optional("cwd")!.Value.Error($"'cwd' of step '{name}' must be relative to the repository root");
        var env = Environment(map.Optional("env"));
        var continueOnError = map.Optional("continue_on_error") is { IsNull: false } c ? c.AsBool() : (bool?)null;
        var reports = map.Optional("reports") is { IsNull: false } rep ? Strings(rep, "report").Select(x => x.Value).ToList() : [];
        var reportsRequired = map.Optional("reports_required") is { IsNull: false } rr ? rr.AsBool() : (bool?)null;
        var artifacts = map.Optional("artifacts") is { IsNull: false } art ? Artifacts(art) : [];
        var description = Description(map);
        var needNames = needs.Select(n => n.Value).ToList();

        Step step;
        if (run is not null)
        {
            step = new CommandStep(name, run.Value.AsString(), description)
            {
                Needs = needNames,
                Timeout = timeout,
                Retries = retries ?? 0,
                WorkingDirectory = cwd,
                Environment = env,
                ContinueOnError = continueOnError ?? false,
                Reports = reports,
                ReportsRequired = reportsRequired ?? false,
                Artifacts = artifacts,
            };
        }
        else
        {
            var kind = uses!.Value.AsString();
            var options = with is { IsNull: false } w ? (IReadOnlyDictionary<string, object?>)PlainMap(w, null, VariableMode.Keep) : new Dictionary<string, object?>();
            Step inner;
            try
            {
                inner = BuiltInSteps.Create(kind, name, options);
            }
            catch (InvalidInputException ex)
            {
                // At the option the message names, else at uses: (an unknown kind's message lists the known ones).
                var at = with is { IsNull: false } withNode && OptionNamed().Match(ex.Message) is { Success: true } named
                    && withNode.AsMap().Optional(named.Groups["name"].Value) is { } option ? option : uses.Value;
                throw at.Error(OneLine(ex.Message));
            }

            step = new ConfiguredStep(inner, kind, description)
            {
                Needs = needNames,
                Timeout = timeout ?? inner.Timeout,
                Retries = retries ?? inner.Retries,
                WorkingDirectory = cwd ?? inner.WorkingDirectory,
                Environment = Merge(inner.Environment, env),
                ContinueOnError = continueOnError ?? inner.ContinueOnError,
                Reports = [.. inner.Reports, .. reports],
                ReportsRequired = reportsRequired ?? inner.ReportsRequired,
                Artifacts = [.. inner.Artifacts, .. artifacts],
            };
        }

        return new ParsedStep(name, nameNode, needs, step);
    }

    /// <summary>A list of paths, globs or folders relative to the step's folder: never absolute, never
    /// empty, with wildcards that <see cref="FileGlob"/> understands.</summary>
    private static List<string> Artifacts(YamlNodeRef node)
    {
        var list = new List<string>();
        foreach (var (value, at) in Strings(node, "artifact"))
        {
            if (string.IsNullOrWhiteSpace(value)) throw at.Error("an artifact pattern is empty");
            if (Path.IsPathRooted(value)) throw at.Error($"artifact '{value}' must be relative to the step's working directory");
            list.Add(value);
        }

        return list;
    }

    private static string? Description(YamlMap map)
    {
        var description = map.OptionalString("description");
        if (description is not null && DisplayText.FirstUnsafe(description, allowLineBreaks: true) is { } bad)
        {
            throw map.Required("description").Error($"the description contains a control character ({bad})");
        }

        return description;
    }

    private static TimeSpan Timeout(YamlNodeRef node)
    {
        var text = node.AsString();
        var problem = Durations.Check(text, out var duration);
        if (problem is null) return duration;
        throw node.Error(problem == Durations.NotADuration ? $"{node.What} {problem}, not '{text}'" : $"{node.What} '{text}' {problem}");
    }

    private static Dictionary<string, string> Environment(YamlNodeRef? node)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not { IsNull: false } present) return env;
        foreach (var (key, value) in present.AsMap().Entries)
        {
            if (!VariableName().IsMatch(key)) throw value.Error($"'{key}' is not an environment variable name");
            if (value.Node is not YamlScalarNode) throw value.Error($"{value.What} must be a string, not {YamlNodeRef.Describe(value.Node)}");
            env[key] = value.IsNull ? "" : value.AsString();
        }

        return env;
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> first, Dictionary<string, string> second)
    {
        var merged = new Dictionary<string, string>(first, StringComparer.Ordinal);
        foreach (var (key, value) in second) merged[key] = value;
        return merged;
    }

    private static List<(string Value, YamlNodeRef Node)> Strings(YamlNodeRef node, string itemName) =>
        node.AsList(itemName).Select(item => (item.AsString(), item)).ToList();

    /// <summary>A hook target: <c>print</c>, <c>{ webhook: { url: … } }</c>, <c>{ command: "…" }</c>, optionally with <c>required: true</c>.</summary>
    private static Destination Destination(YamlNodeRef node, Func<string, string?> variable, VariableMode mode)
    {
        string kind;
        var options = new Dictionary<string, object?>(StringComparer.Ordinal);
        var required = false;
        if (node.Node is YamlScalarNode)
        {
            kind = node.AsString();
        }
        else
        {
            var map = node.AsMap();
            var kinds = map.Entries.Where(e => e.Key != "required").ToList();
            if (kinds.Count != 1)
            {
                throw node.Error($"{node.What} must name one destination kind (e.g. webhook: {{ url: … }}), not {kinds.Count}");
            }

            kind = kinds[0].Key;
            if (map.Optional("required") is { IsNull: false } req) required = req.AsBool();
            var value = kinds[0].Value;
            if (value.Node is YamlMappingNode)
            {
                foreach (var (key, option) in PlainMap(value, variable, mode))
                {
                    if (key == "required")
                    {
                        required = option is true ? true : option is false ? false : throw value.Error("'required' must be true or false");
                    }
                    else
                    {
                        options[key] = option;
                    }
                }
            }
            else if (!value.IsNull)
            {
                // A short form such as { command: "notify.sh" }: the value is the kind's main option.
                options[kind] = Plain(value, variable, mode);
            }
        }

        Destination destination;
        try
        {
            destination = Hooks.Destinations.Create(kind, options);
        }
        catch (Exception ex) when (mode == VariableMode.Keep && Unset(options).FirstOrDefault() is { } unset
                                   && ex is InvalidInputException or ArgumentException or FormatException or UriFormatException)
        {
            // Listing and validating must not call a pipeline invalid because this machine lacks a
            // deployment secret: the option is checked when a run has the value (or says it is unset).
            return new UnsetVariableDestination(kind, unset) { Required = required };
        }
        catch (Exception ex) when (ex is InvalidInputException or ArgumentException or FormatException or UriFormatException)
        {
            throw node.Error(OneLine(ex.Message) + (Hooks.Destinations.Kinds.Count > 0 ? $" (destinations: {string.Join(", ", Hooks.Destinations.Kinds)})" : ""));
        }

        return required && !destination.Required ? new RequiredDestination(destination) : destination;
    }

    /// <summary>The variables still written as <c>${VAR}</c> in option values (kept because they are unset).</summary>
    private static IEnumerable<string> Unset(object? value) => value switch
    {
        string text => Reference().Matches(text).Select(m => m.Groups[1].Value),
        IReadOnlyDictionary<string, object?> map => map.Values.SelectMany(Unset),
        IEnumerable<object?> list => list.SelectMany(Unset),
        _ => [],
    };

    private static Dictionary<string, object?> PlainMap(YamlNodeRef node, Func<string, string?>? variable, VariableMode mode)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in node.AsMap().Entries) map[key] = Plain(value, variable, mode);
        return map;
    }

    /// <summary>A YAML node as plain values: string, long, double, bool, null, lists and dictionaries of those.</summary>
    private static object? Plain(YamlNodeRef node, Func<string, string?>? variable, VariableMode mode)
    {
        switch (node.Node)
        {
            case YamlMappingNode:
                return PlainMap(node, variable, mode);
            case YamlSequenceNode:
                return node.AsList("item").Select(item => Plain(item, variable, mode)).ToList();
            case YamlScalarNode scalar:
                if (node.IsNull) return null;
                var text = scalar.Value ?? "";
                if (scalar.Style is ScalarStyle.Plain)
                {
                    switch (text)
                    {
                        case "true" or "True" or "TRUE": return true;
                        case "false" or "False" or "FALSE": return false;
                    }

                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return number;
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return real;
                }

                return variable is null ? text : Expand(node, text, variable, mode);
            default:
                throw node.Error($"{node.What}: aliases are not supported");
        }
    }

    private static string Expand(YamlNodeRef node, string text, Func<string, string?> variable, VariableMode mode) =>
        Reference().Replace(text, match =>
        {
            var value = variable(match.Groups[1].Value);
            if (value is not null) return value;
            if (mode == VariableMode.Keep) return match.Value;
            throw node.Error($"{node.What} uses ${{{match.Groups[1].Value}}}, which is not set in the environment");
        });

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"option '(?<name>[a-z_]+)'")]
    private static partial Regex OptionNamed();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    /// <summary>A destination whose options need a variable this machine does not set (listing and validating only).</summary>
    private sealed class UnsetVariableDestination(string kind, string variable) : Destination(kind)
    {
        public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken) =>
            Task.FromResult(DeliveryResult.Failed($"${{{variable}}} is not set in the environment"));
    }

    /// <summary>A destination marked <c>required: true</c> in the file.</summary>
    private sealed class RequiredDestination : Destination
    {
        private readonly Destination _inner;

        public RequiredDestination(Destination inner)
            : base(inner.Name)
        {
            _inner = inner;
            Required = true;
        }

        public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken) =>
            _inner.SendAsync(payload, cancellationToken);
    }
}
