using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gryt.Hooks;

namespace Gryt.Tests.Hooks;

public sealed class DestinationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-hooks-").FullName;

    private static Dictionary<string, object?> FailPayload() => new()
    {
        ["event"] = "pipeline_fail",
        ["pipeline_name"] = "ci",
        ["status"] = "fail",
        ["failed_step"] = "unit tests",
        ["duration_ms"] = 1234L,
        ["metrics"] = new Dictionary<string, object?> { ["coverage"] = 87.5, ["tests_failed"] = 2L },
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Webhook_posts_the_payload_as_json_with_a_content_length()
    {
        await using var server = new LoopbackHttpServer();
        var webhook = new WebhookDestination($"{server.Url}/fail?x=1", headers: new Dictionary<string, string> { ["X-Token"] = "t0k" });

        Assert.Null((await webhook.SendAsync(FailPayload(), CancellationToken.None)).Error);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/fail?x=1", request.Path);
        Assert.Equal("t0k", request.Headers["X-Token"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.False(request.Headers.ContainsKey("Transfer-Encoding"));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(request.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["Content-Length"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("pipeline_fail", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("ci", json.RootElement.GetProperty("pipeline_name").GetString());
        Assert.Equal(1234, json.RootElement.GetProperty("duration_ms").GetInt64());
        Assert.Equal(87.5, json.RootElement.GetProperty("metrics").GetProperty("coverage").GetDouble());
    }

    [Fact]
    public async Task Webhook_sends_with_the_configured_method()
    {
        await using var server = new LoopbackHttpServer();
        var webhook = new WebhookDestination(server.Url + "/hook", method: "put");

        Assert.Null((await webhook.SendAsync(FailPayload(), CancellationToken.None)).Error);

        Assert.Equal("PUT", Assert.Single(server.Requests).Method);
    }

    [Fact]
    public async Task Webhook_answered_with_500_returns_false_with_the_status()
    {
        await using var server = new LoopbackHttpServer(status: 500);
        var webhook = new WebhookDestination($"{server.Url}/secret-token/fail");

        var result = await webhook.SendAsync(FailPayload(), CancellationToken.None);
        Assert.False(result.Ok);

        Assert.Contains("500", result.Error);
        Assert.Contains("server on fire", result.Error);
        Assert.DoesNotContain("secret-token", result.Error);
    }

    [Fact]
    public async Task Webhook_to_a_closed_port_returns_false_with_a_message()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var webhook = new WebhookDestination($"http://127.0.0.1:{port}/x");

        var result = await webhook.SendAsync(FailPayload(), CancellationToken.None);
        Assert.False(result.Ok);

        Assert.StartsWith("webhook: ", result.Error);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Webhook_gives_up_at_its_timeout()
    {
        // A listener that accepts but never answers.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var webhook = new WebhookDestination($"http://127.0.0.1:{port}/x", timeout: TimeSpan.FromMilliseconds(300));
            var started = System.Diagnostics.Stopwatch.StartNew();

            var result = await webhook.SendAsync(FailPayload(), CancellationToken.None);
            Assert.False(result.Ok);

            Assert.Contains("timed out", result.Error);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Slack_posts_a_text_summary_of_the_event()
    {
        await using var server = new LoopbackHttpServer();
        var slack = new SlackDestination(webhookUrl: server.Url + "/services/T/B/X", channel: "#ci");

        Assert.Null((await slack.SendAsync(FailPayload(), CancellationToken.None)).Error);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/services/T/B/X", request.Path);
        using var json = JsonDocument.Parse(request.Body);
        var text = json.RootElement.GetProperty("text").GetString();
        Assert.Equal(":x: pipeline_fail: pipeline *ci* failed at step *unit tests*", text);
        Assert.Equal("#ci", json.RootElement.GetProperty("channel").GetString());
        Assert.Equal("gryt", json.RootElement.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Slack_with_the_guides_placeholder_url_builds_but_fails_to_send()
    {
        var slack = new SlackDestination(webhookUrl: "...");

        var result = await slack.SendAsync(FailPayload(), CancellationToken.None);
        Assert.False(result.Ok);
        Assert.Equal("slack: option 'webhook_url' is not an http:// or https:// URL", result.Error);
    }

    [Fact]
    public void Slack_summarises_a_promotion_and_a_passing_step()
    {
        Assert.Equal(":rocket: generation_promoted: generation *v2.1.0* (v2.1.0) promoted",
            SlackDestination.Summarise(new Dictionary<string, object?> { ["event"] = "generation_promoted", ["version"] = "v2.1.0", ["tag"] = "v2.1.0", ["status"] = "promoted" }));
        Assert.Equal(":white_check_mark: step_end: pipeline *ci* step *build* passed",
            SlackDestination.Summarise(new Dictionary<string, object?> { ["event"] = "step_end", ["pipeline_name"] = "ci", ["step_name"] = "build", ["status"] = "pass" }));
    }

    [Fact]
    public async Task Prometheus_pushes_gauges_in_text_format_to_the_job_path()
    {
        await using var server = new LoopbackHttpServer();
        var prometheus = new PrometheusDestination(server.Url, job: "gryt ci", instance: "runner-1");

        Assert.Null((await prometheus.SendAsync(FailPayload(), CancellationToken.None)).Error);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/metrics/job/gryt%20ci/instance/runner-1", request.Path);
        Assert.StartsWith("text/plain", request.Headers["Content-Type"]);
        Assert.Equal(
            "# TYPE gryt_duration_ms gauge\n" +
            "gryt_duration_ms{event=\"pipeline_fail\",pipeline_name=\"ci\"} 1234\n" +
            "# TYPE gryt_metrics_coverage gauge\n" +
            "gryt_metrics_coverage{event=\"pipeline_fail\",pipeline_name=\"ci\"} 87.5\n" +
            "# TYPE gryt_metrics_tests_failed gauge\n" +
            "gryt_metrics_tests_failed{event=\"pipeline_fail\",pipeline_name=\"ci\"} 2\n",
            request.Body);
    }

    [Fact]
    public async Task Prometheus_sends_nothing_for_a_payload_without_numbers()
    {
        await using var server = new LoopbackHttpServer();
        var prometheus = new PrometheusDestination(server.Url);

        Assert.True((await prometheus.SendAsync(new Dictionary<string, object?> { ["event"] = "pipeline_start" }, CancellationToken.None)).Ok);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task File_appends_one_json_line_per_event()
    {
        var path = Path.Combine(_folder, "sub", "events.jsonl");
        var file = new FileDestination(path);

        Assert.Null((await file.SendAsync(FailPayload(), CancellationToken.None)).Error);
        Assert.Null((await file.SendAsync(new Dictionary<string, object?> { ["event"] = "pipeline_end", ["pipeline_name"] = "ci" }, CancellationToken.None)).Error);

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal("pipeline_fail", JsonDocument.Parse(lines[0]).RootElement.GetProperty("event").GetString());
        Assert.Equal("{\"event\":\"pipeline_end\",\"pipeline_name\":\"ci\"}", lines[1]);
    }

    [Fact]
    public async Task File_in_json_format_keeps_one_array()
    {
        var path = Path.Combine(_folder, "events.json");
        var file = new FileDestination(path, FileDestinationFormat.Json);

        Assert.Null((await file.SendAsync(FailPayload(), CancellationToken.None)).Error);
        Assert.Null((await file.SendAsync(new Dictionary<string, object?> { ["event"] = "pipeline_end" }, CancellationToken.None)).Error);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("pipeline_end", json.RootElement[1].GetProperty("event").GetString());
    }

    [Fact]
    public async Task File_that_cannot_be_written_returns_false()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var file = new FileDestination(Path.Combine(blocker, "events.jsonl"));

        var result = await file.SendAsync(FailPayload(), CancellationToken.None);
        Assert.False(result.Ok);
        Assert.StartsWith("file: ", result.Error);
    }

    [Fact]
    public async Task Command_gets_the_payload_on_stdin_and_the_event_in_its_environment()
    {
        var output = Path.Combine(_folder, "seen.txt");
        var command = new CommandDestination(
            ["bash", "-c", "cat > \"$1\"; printf '%s|%s|%s' \"$GRYT_EVENT\" \"$GRYT_PIPELINE\" \"$GRYT_STATUS\" > \"$1.env\"", "script", output]);

        Assert.Null((await command.SendAsync(FailPayload(), CancellationToken.None)).Error);

        Assert.Equal("pipeline_fail", JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("event").GetString());
        Assert.Equal("pipeline_fail|ci|fail", File.ReadAllText(output + ".env"));
    }

    [Fact]
    public async Task Command_line_runs_through_bash_and_a_failing_exit_is_reported()
    {
        var command = new CommandDestination("echo \"bad $GRYT_PIPELINE\" >&2; exit 3");

        var result = await command.SendAsync(FailPayload(), CancellationToken.None);
        Assert.False(result.Ok);
        Assert.Equal("command: bash exited with code 3: bad ci", result.Error);
    }

    [Fact]
    public async Task Command_that_does_not_exist_returns_false()
    {
        var command = new CommandDestination(["/no/such/program-gryt"]);

        var result = await command.SendAsync(FailPayload(), CancellationToken.None);
        Assert.False(result.Ok);
        Assert.Contains("/no/such/program-gryt", result.Error);
    }

    [Fact]
    public async Task Command_past_its_timeout_is_killed()
    {
        var command = new CommandDestination(["sleep", "30"], timeout: TimeSpan.FromMilliseconds(300));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = await command.SendAsync(FailPayload(), CancellationToken.None);
        Assert.False(result.Ok);

        Assert.Contains("timed out", result.Error);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Print_writes_one_readable_line_per_event()
    {
        using var output = new StringWriter();
        var print = new PrintHook(output);

        Assert.True((await print.SendAsync(FailPayload(), CancellationToken.None)).Ok);
        Assert.True((await print.SendAsync(new Dictionary<string, object?> { ["event"] = "step_end", ["pipeline_name"] = "ci", ["step_name"] = "build", ["status"] = "pass", ["message"] = "all\ngood" }, CancellationToken.None)).Ok);

        Assert.Equal(
            "[hook] pipeline_fail pipeline_name=ci status=fail failed_step=\"unit tests\" duration_ms=1234\n" +
            "[hook] step_end pipeline_name=ci step_name=build status=pass message=\"all good\"\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Print_rebound_to_another_writer_keeps_required()
    {
        using var output = new StringWriter();
        var print = ((PrintHook)Destinations.Create("print", new Dictionary<string, object?> { ["required"] = true })).WithOutput(output);

        Assert.True(print.Required);
        Assert.True((await print.SendAsync(new Dictionary<string, object?> { ["event"] = "pipeline_start", ["pipeline_name"] = "ci" }, CancellationToken.None)).Ok);
        Assert.Equal("[hook] pipeline_start pipeline_name=ci", output.ToString().TrimEnd());
    }

    [Fact]
    public async Task Custom_destination_from_the_guide_compiles_and_sends()
    {
        var s3 = new S3Destination("releases", "v1.0.0/");

        Assert.True((await s3.SendAsync(FailPayload(), CancellationToken.None)).Ok);
        Assert.Equal("s3", s3.Name);
        Assert.Equal("releases/v1.0.0/", s3.Sent);
    }

    private sealed class S3Destination(string bucket, string prefix) : Destination("s3")
    {
        public string? Sent { get; private set; }

        public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
        {
            Sent = bucket + "/" + prefix;
            return Task.FromResult(DeliveryResult.Delivered);
        }
    }
}
