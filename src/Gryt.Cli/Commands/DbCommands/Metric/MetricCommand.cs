using System.CommandLine;
using System.Globalization;
using Gryt.Cli.Rendering;
using Gryt.Metrics;

namespace Gryt.Cli.Commands.DbCommands.Metric;

internal sealed record MetricOptions(string Name, string Version, bool Json);

internal static class MetricCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = $"A built-in metric ({string.Join(", ", MetricService.BuiltIn)}) or one recorded by a run" };
        var generation = new Option<string>("--gen", "-g") { Description = "The generation's version", Required = true, HelpName = "VERSION" };
        var json = CommonOptions.Json();
        var command = new Command("metric", "Read a metric of a generation") { name, generation, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new MetricOptions(result.GetValue(name)!, result.GetValue(generation)!, result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(MetricOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var metric = new MetricService(session.Database).Get(options.Name, options.Version);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("metric", metric.Name);
                writer.WriteString("version", metric.Version);
                if (metric.Value is { } value) writer.WriteNumber("value", value);
                else writer.WriteNull("value");
                writer.WriteString("unit", metric.Unit);
                writer.WriteNumber("samples", metric.Samples);
                writer.WriteString("meaning", metric.Meaning);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var shown = metric.Value is { } v
            ? v.ToString(metric.Unit == "count" ? "0" : "0.####", CultureInfo.InvariantCulture) + (metric.Unit is "seconds" ? " s" : "")
            : "no data";
        output.Line($"{metric.Name} {metric.Version}: {shown}");
        output.Note($"{metric.Meaning} ({Counted.Of(metric.Samples, "sample")})");
        return ExitCodes.Ok;
    }
}
