using Gryt.Processes;

namespace Gryt;

/// <summary>
/// Runs a command for each event: the payload as JSON on its standard input, and the event,
/// pipeline and status in <c>GRYT_EVENT</c>, <c>GRYT_PIPELINE</c>, <c>GRYT_STATUS</c>. Exit code 0
/// is a success. Given a list, the program runs with those arguments (no shell); given a string,
/// it runs with <c>bash -c</c> and payload values are only ever passed through the environment,
/// never spliced into the command text.
/// </summary>
public sealed class CommandDestination : Destination
{
    private const int TailLength = 400;

    public CommandDestination(
        IReadOnlyList<string> command,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
        : base("command")
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
        {
            throw new InvalidInputException("destination 'command': option 'command' must name a program");
        }

        Command = [.. command];
        WorkingDirectory = workingDirectory;
        Environment = environment ?? new Dictionary<string, string>();
        Timeout = timeout ?? Hooks.Delivery.DefaultTimeout;
    }

    public CommandDestination(
        string command,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
        : this(ShellCommand(command), workingDirectory, environment, timeout)
    {
    }

    /// <summary>The program and its arguments (<c>bash -c …</c> for a command line).</summary>
    public IReadOnlyList<string> Command { get; }

    public string? WorkingDirectory { get; }

    /// <summary>Added to the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public TimeSpan Timeout { get; }

    private static string[] ShellCommand(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        return OperatingSystem.IsWindows() ? ["cmd.exe", "/d", "/s", "/c", command] : ["bash", "-c", command];
    }

    public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Hooks.Delivery.RunAsync(this, Timeout, token => RunAsync(payload, token), cancellationToken);
    }

    private async Task<string?> RunAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken token)
    {
        var environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal)
        {
            ["GRYT_EVENT"] = Hooks.EventPayload.Text(payload, Hooks.EventPayload.Event) ?? "",
            ["GRYT_PIPELINE"] = Hooks.EventPayload.Text(payload, Hooks.EventPayload.Pipeline) ?? "",
            ["GRYT_STATUS"] = Hooks.EventPayload.Text(payload, Hooks.EventPayload.Status) ?? "",
        };
        var command = new ProcessCommand(Command[0], Command.Skip(1).ToList())
        {
            WorkingDirectory = WorkingDirectory,
            Environment = environment,
            Input = PlainJson.Serialize(payload),
        };

        CapturedOutput result;
        try
        {
            result = await ChildProcess.CaptureAsync(command, token);
        }
        catch (ProcessStartException e)
        {
            return e.Message;
        }

        if (result.ExitCode == 0)
        {
            return null;
        }

        var tail = result.Error.Trim();
        if (tail.Length == 0)
        {
            tail = result.Output.Trim();
        }

        if (tail.Length > TailLength)
        {
            tail = "…" + tail[^TailLength..];
        }

        return $"{Command[0]} exited with code {result.ExitCode}{(tail.Length > 0 ? ": " + tail.ReplaceLineEndings(" ") : "")}";
    }
}
