using Gryt.Steps;

namespace Gryt.Hooks;

/// <summary>
/// The destinations a YAML pipeline names under <c>hooks:</c> and <c>destinations:</c>
/// (<c>print</c>, <c>webhook</c>, <c>slack</c>, <c>file</c>, <c>prometheus</c>, <c>command</c>),
/// created from plain option values; <c>${VAR}</c> is expanded by the caller.
/// Every kind also takes <c>required: true</c> (a failure to send then fails the run).
/// </summary>
internal static class Destinations
{
    private static readonly Dictionary<string, Func<BuiltInOptions, bool, Destination>> Factories = new(StringComparer.Ordinal)
    {
        ["print"] = (_, required) => new PrintHook() { Required = required },
        ["webhook"] = (o, required) => new WebhookDestination(
            HttpUrl(o, "webhook", "url"),
            headers: o.StringMap("headers"),
            method: o.Choice("method", "POST", "PUT", "PATCH", "post", "put", "patch") ?? "POST",
            timeout: o.Duration("timeout")) { Required = required },
        ["slack"] = (o, required) => new SlackDestination(
            HttpUrl(o, "slack", "webhook_url"),
            channel: o.String("channel"),
            username: o.String("username"),
            iconEmoji: o.String("icon_emoji"),
            timeout: o.Duration("timeout")) { Required = required },
        ["file"] = (o, required) => new FileDestination(
            o.RequiredString("path"),
            o.Choice("format", "jsonl", "json") == "json" ? FileDestinationFormat.Json : FileDestinationFormat.Jsonl) { Required = required },
        ["prometheus"] = (o, required) => new PrometheusDestination(
            HttpUrl(o, "prometheus", "url"),
            job: o.String("job") ?? "gryt",
            instance: o.String("instance"),
            labels: o.StringMap("labels"),
            prefix: o.String("prefix") ?? "gryt_",
            method: o.Choice("method", "POST", "PUT", "post", "put") ?? "POST",
            timeout: o.Duration("timeout")) { Required = required },
        ["command"] = (o, required) => Command(o, required),
    };

    public static IReadOnlyList<string> Kinds { get; } = [.. Factories.Keys];

    /// <summary>Throws <see cref="InvalidInputException"/> for an unknown kind or a bad option.</summary>
    public static Destination Create(string kind, IReadOnlyDictionary<string, object?> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (kind is null || !Factories.TryGetValue(kind, out var factory))
        {
            throw new InvalidInputException(
                $"unknown destination '{kind}' (known: {string.Join(", ", Kinds)})");
        }

        var reader = new BuiltInOptions(options, $"destination '{kind}'");
        var required = reader.Bool("required") ?? false;
        var destination = factory(reader, required);
        reader.ThrowOnUnknown();
        return destination;
    }

    /// <summary>Pipeline files are checked strictly: a URL that is not one is refused at load time.</summary>
    private static string HttpUrl(BuiltInOptions options, string kind, string option)
    {
        var url = options.RequiredString(option);
        Delivery.ParseHttpUrl(url, $"destination '{kind}'", option);
        return url;
    }

    private static CommandDestination Command(BuiltInOptions options, bool required)
    {
        // A string is a shell command line; a list is a program and its arguments (no shell).
        var (line, list) = options.StringOrList("command");
        var cwd = options.String("cwd");
        var env = options.StringMap("env");
        var timeout = options.Duration("timeout");
        return line is not null
            ? new CommandDestination(line, cwd, env, timeout) { Required = required }
            : list is not null
                ? new CommandDestination(list, cwd, env, timeout) { Required = required }
                : throw new InvalidInputException("destination 'command': option 'command' is required");
    }
}
