using System.Globalization;
using System.Text.Json;
using Gryt.Pipelines.Internal;

namespace Gryt.Pipelines.Loading;

/// <summary>One step as <c>pipeline show</c> and policy checks see it.</summary>
internal sealed record PipelineStepInfo(
    string Name,
    string? Description,
    IReadOnlyList<string> Needs,
    string? Run,
    string? Uses,
    TimeSpan? Timeout,
    int Retries,
    string? WorkingDirectory,
    bool ContinueOnError,
    IReadOnlyList<string> Reports)
{
    /// <summary>A step that runs C# code of its own rather than a shell line or a built-in step's commands.</summary>
    public bool Custom { get; init; }

    /// <summary>A built-in step's exact commands; null for other steps, and where the commands were not asked for (<c>pipeline list</c>).</summary>
    public PlannedCommands? Plan { get; init; }
}

/// <summary>One command a built-in step will run: its argument list, the program first, and that list as a shell would show it (secrets masked).</summary>
internal sealed record PlannedCommand(IReadOnlyList<string> Argv, string Display);

/// <summary>A built-in step's commands in order, or why they cannot be built (the step would fail with that message).</summary>
internal sealed record PlannedCommands(IReadOnlyList<PlannedCommand> Commands, string? Problem);

/// <summary>
/// What a pipeline is, without running it: the same for YAML and C# pipelines (a C# pipeline
/// prints it as JSON when asked with <c>--gryt-describe</c>).
/// </summary>
internal sealed record PipelineInfo(
    string Name,
    string? Description,
    int ParallelRunners,
    bool FailFast,
    IReadOnlyList<string> Secrets,
    IReadOnlyList<string> HookEvents,
    IReadOnlyList<PipelineStepInfo> Steps)
{
    /// <summary>The description of <paramref name="pipeline"/>; with <paramref name="root"/> (the repository root) it
    /// includes each built-in step's exact commands, built in the environment a run there would give it
    /// (<paramref name="environment"/>, by default this process's).</summary>
    public static PipelineInfo From(Pipeline pipeline, string? root = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var hookEvents = pipeline.Hooks.Where(h => h.Value.Count > 0).Select(h => PipelineEvents.Name(h.Key)).ToList();
        var baseEnvironment = environment ?? GrytHost.ProcessEnvironment();
        // The same masking and environment a run gives its steps (PipelineRunner).
        var masker = root is null ? SecretMasker.None : SecretMasker.From(pipeline.Secrets, [baseEnvironment, pipeline.Environment, .. pipeline.Steps.Select(s => s.Environment)]);
        var runEnvironment = root is null ? baseEnvironment : PipelineRunner.MergeEnvironment(baseEnvironment, pipeline.Environment);
        return new PipelineInfo(
            pipeline.Name, pipeline.Description, pipeline.ParallelRunners, pipeline.FailFast, pipeline.Secrets, hookEvents,
            pipeline.Steps.Select(step => new PipelineStepInfo(
                step.Name, step.Description, step.Needs,
                step switch
                {
                    CommandStep command => command.Command,
                    ConfiguredStep { Inner: CommandStep inner } => inner.Command,
                    _ => null,
                },
                step switch
                {
                    ConfiguredStep configured => configured.Uses,
                    CommandStep => null,
                    _ => step.GetType().Name,
                },
                step.Timeout, step.Retries, step.WorkingDirectory, step.ContinueOnError, step.Reports)
            {
                Custom = StepCommand.BuiltIn(step) is not (CommandStep or ToolStep),
                Plan = root is null ? null : StepCommand.Plan(step, root, runEnvironment, masker),
            }).ToList());
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WriteString("description", Description);
        writer.WriteNumber("parallel_runners", ParallelRunners);
        writer.WriteBoolean("fail_fast", FailFast);
        WriteStrings(writer, "secrets", Secrets);
        WriteStrings(writer, "hooks", HookEvents);
        writer.WriteStartArray("steps");
        foreach (var step in Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("name", step.Name);
            writer.WriteString("description", step.Description);
            WriteStrings(writer, "needs", step.Needs);
            writer.WriteString("run", step.Run);
            writer.WriteString("uses", step.Uses);
            if (step.Timeout is { } timeout) writer.WriteNumber("timeout_ms", (long)timeout.TotalMilliseconds);
            else writer.WriteNull("timeout_ms");
            writer.WriteNumber("retries", step.Retries);
            writer.WriteString("cwd", step.WorkingDirectory);
            writer.WriteBoolean("continue_on_error", step.ContinueOnError);
            WriteStrings(writer, "reports", step.Reports);
            writer.WriteBoolean("custom", step.Custom);
            if (step.Plan is { } plan)
            {
                writer.WriteStartArray("commands");
                foreach (var command in plan.Commands)
                {
                    writer.WriteStartObject();
                    WriteStrings(writer, "argv", command.Argv);
                    writer.WriteString("display", command.Display);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteString("command_error", plan.Problem);
            }
            else
            {
                writer.WriteNull("commands");
                writer.WriteNull("command_error");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads what <see cref="WriteJson"/> wrote; throws <see cref="InvalidInputException"/> for anything else.</summary>
    public static PipelineInfo ReadJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var steps = root.GetProperty("steps").EnumerateArray().Select(s => new PipelineStepInfo(
                s.GetProperty("name").GetString()!,
                OptionalString(s, "description"),
                Strings(s, "needs"),
                OptionalString(s, "run"),
                OptionalString(s, "uses"),
                s.TryGetProperty("timeout_ms", out var t) && t.ValueKind == JsonValueKind.Number ? TimeSpan.FromMilliseconds(t.GetInt64()) : null,
                s.TryGetProperty("retries", out var r) ? r.GetInt32() : 0,
                OptionalString(s, "cwd"),
                s.TryGetProperty("continue_on_error", out var c) && c.GetBoolean(),
                Strings(s, "reports"))
            {
                Custom = s.TryGetProperty("custom", out var custom) && custom.GetBoolean(),
                Plan = s.TryGetProperty("commands", out var commands) && commands.ValueKind == JsonValueKind.Array
                    ? new PlannedCommands(
                        [.. commands.EnumerateArray().Select(c => new PlannedCommand(Strings(c, "argv"), c.GetProperty("display").GetString()!))],
                        OptionalString(s, "command_error"))
                    : null,
            }).ToList();
            return new PipelineInfo(
                root.GetProperty("name").GetString()!,
                OptionalString(root, "description"),
                root.TryGetProperty("parallel_runners", out var p) ? p.GetInt32() : 1,
                !root.TryGetProperty("fail_fast", out var f) || f.GetBoolean(),
                Strings(root, "secrets"),
                Strings(root, "hooks"),
                steps);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidInputException("the pipeline's description is not valid: " + ex.Message);
        }
    }

    public static string FormatTimeout(TimeSpan timeout) =>
        timeout.TotalMilliseconds % 1000 != 0 ? ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
        : timeout.TotalSeconds % 60 != 0 ? ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
        : timeout.TotalMinutes % 60 != 0 ? ((long)timeout.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
        : ((long)timeout.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToList()
            : [];

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
