using System.Globalization;
using System.Text;

namespace Gryt;

/// <summary>Writes one readable line per event, e.g. <c>[hook] pipeline_fail pipeline=ci status=fail failed_step=test</c>.</summary>
/// <remarks>
/// The seam is the <see cref="TextWriter"/> given to the constructor; the library has no console of
/// its own. Without one, the line goes to this process's standard output, which is exactly what
/// <c>new PrintHook()</c> asks for in a C# pipeline file (gryt captures that output). A host that
/// owns the terminal (the CLI's live view) rebinds the hooks it loaded from YAML with
/// <see cref="WithOutput"/> so that the line goes through its renderer instead.
/// </remarks>
public sealed class PrintHook : Destination
{
    private static readonly string[] LeadingKeys =
    [
        Hooks.EventPayload.Pipeline, Hooks.EventPayload.Step, Hooks.EventPayload.Status,
        Hooks.EventPayload.FailedStep, Hooks.EventPayload.Version, Hooks.EventPayload.Tag,
    ];

    private readonly TextWriter? _output;
    private readonly Lock _gate = new();

    public PrintHook(TextWriter? output = null)
        : base("print")
    {
        _output = output;
    }

    /// <summary>The same hook (and <see cref="Destination.Required"/>) writing to <paramref name="output"/>.</summary>
    public PrintHook WithOutput(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new PrintHook(output) { Required = Required };
    }

    public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var line = Format(payload);
        try
        {
            lock (_gate)
            {
                var output = _output ?? Console.Out;
                output.WriteLine(line);
                output.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return Task.FromResult(DeliveryResult.Failed($"{Name}: {e.Message}"));
        }

        return Task.FromResult(DeliveryResult.Delivered);
    }

    /// <summary>The line printed for <paramref name="payload"/>: the event, then the known keys in a
    /// fixed order, then the other plain values by name; values with spaces are quoted.</summary>
    public static string Format(IReadOnlyDictionary<string, object?> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var line = new StringBuilder("[hook] ");
        line.Append(Hooks.EventPayload.Text(payload, Hooks.EventPayload.Event) ?? "event");
        var rest = payload.Keys
            .Where(k => k != Hooks.EventPayload.Event && !LeadingKeys.Contains(k))
            .Order(StringComparer.Ordinal);
        foreach (var key in LeadingKeys.Where(payload.ContainsKey).Concat(rest))
        {
            var value = payload[key];
            if (value is null || (value is not string && value is System.Collections.IEnumerable))
            {
                continue;
            }

            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            if (value is bool b)
            {
                text = b ? "true" : "false";
            }

            text = text.ReplaceLineEndings(" ");
            if (text.Length == 0 || text.Contains(' ', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal))
            {
                text = "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            }

            line.Append(' ').Append(key).Append('=').Append(text);
        }

        return line.ToString();
    }
}
