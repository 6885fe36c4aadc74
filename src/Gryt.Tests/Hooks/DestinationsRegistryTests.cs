using Gryt.Hooks;

namespace Gryt.Tests.Hooks;

public sealed class DestinationsRegistryTests
{
    private static Dictionary<string, object?> Options(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Kinds_are_the_six_built_in_destinations()
    {
        Assert.Equal(["print", "webhook", "slack", "file", "prometheus", "command"], Destinations.Kinds);
    }

    [Fact]
    public void Every_kind_accepts_required_true()
    {
        var samples = new Dictionary<string, Dictionary<string, object?>>
        {
            ["print"] = Options(),
            ["webhook"] = Options(("url", "http://127.0.0.1:1/x")),
            ["slack"] = Options(("webhook_url", "https://hooks.slack.invalid/T/B/X")),
            ["file"] = Options(("path", "events.jsonl")),
            ["prometheus"] = Options(("url", "http://127.0.0.1:9091")),
            ["command"] = Options(("command", "true")),
        };
        Assert.Equal(Destinations.Kinds.Order(), samples.Keys.Order());
        foreach (var (kind, options) in samples)
        {
            Assert.False(Destinations.Create(kind, options).Required);
            options["required"] = true;
            var destination = Destinations.Create(kind, options);
            Assert.True(destination.Required, kind);
            Assert.Equal(kind, destination.Name);
        }
    }

    [Fact]
    public void Webhook_options_are_read()
    {
        var webhook = Assert.IsType<WebhookDestination>(Destinations.Create("webhook", Options(
            ("url", "https://example.invalid/hook"),
            ("method", "PUT"),
            ("timeout", "2s"),
            ("headers", new Dictionary<string, object?> { ["Authorization"] = "Bearer x" }))));

        Assert.Equal("PUT", webhook.Method);
        Assert.Equal(TimeSpan.FromSeconds(2), webhook.Timeout);
        Assert.Equal(new Uri("https://example.invalid/hook"), webhook.Url);
    }

    [Fact]
    public void Command_takes_a_list_without_a_shell_or_a_string_with_bash()
    {
        var list = Assert.IsType<CommandDestination>(Destinations.Create("command", Options(("command", new List<object?> { "notify", "--to", "ops; rm -rf /" }))));
        var line = Assert.IsType<CommandDestination>(Destinations.Create("command", Options(("command", "notify --to ops"), ("timeout", 5L))));

        Assert.Equal(["notify", "--to", "ops; rm -rf /"], list.Command);
        Assert.Equal(["bash", "-c", "notify --to ops"], line.Command);
        Assert.Equal(TimeSpan.FromSeconds(5), line.Timeout);
    }

    [Fact]
    public void Prometheus_and_file_options_are_read()
    {
        var prometheus = Assert.IsType<PrometheusDestination>(Destinations.Create("prometheus", Options(("url", "http://gw:9091/"), ("job", "release"))));
        var file = Assert.IsType<FileDestination>(Destinations.Create("file", Options(("path", "out/events.json"), ("format", "json"))));

        Assert.Equal(new Uri("http://gw:9091/metrics/job/release"), prometheus.Target);
        Assert.Equal(FileDestinationFormat.Json, file.Format);
    }

    [Fact]
    public void Unknown_kind_is_named_with_the_known_ones()
    {
        var error = Assert.Throws<InvalidInputException>(() => Destinations.Create("pager", Options()));

        Assert.Contains("'pager'", error.Message);
        Assert.Contains("webhook", error.Message);
    }

    [Fact]
    public void Unknown_option_is_named_with_the_allowed_ones()
    {
        var error = Assert.Throws<InvalidInputException>(() => Destinations.Create("webhook", Options(("url", "http://a.invalid"), ("urll", "x"))));

        Assert.Equal("destination 'webhook': unknown option 'urll' (allowed: required, url, headers, method, timeout)", error.Message);
    }

    [Fact]
    public void Missing_url_and_wrong_types_are_clear()
    {
        Assert.Equal("destination 'webhook': option 'url' is required",
            Assert.Throws<InvalidInputException>(() => Destinations.Create("webhook", Options())).Message);
        Assert.Equal("destination 'slack': option 'webhook_url' is required",
            Assert.Throws<InvalidInputException>(() => Destinations.Create("slack", Options(("channel", "#x")))).Message);
        Assert.Equal("destination 'webhook': option 'url' must be an http:// or https:// URL",
            Assert.Throws<InvalidInputException>(() => Destinations.Create("webhook", Options(("url", "ftp://x")))).Message);
        Assert.Equal("destination 'print': option 'required' must be true or false, not the text 'yes'",
            Assert.Throws<InvalidInputException>(() => Destinations.Create("print", Options(("required", "yes")))).Message);
        Assert.Equal("destination 'file': option 'format' must be one of jsonl, json, not 'xml'",
            Assert.Throws<InvalidInputException>(() => Destinations.Create("file", Options(("path", "x"), ("format", "xml")))).Message);
        Assert.Contains("'timeout' must be a positive duration",
            Assert.Throws<InvalidInputException>(() => Destinations.Create("webhook", Options(("url", "http://a.invalid"), ("timeout", "soon")))).Message);
    }
}
