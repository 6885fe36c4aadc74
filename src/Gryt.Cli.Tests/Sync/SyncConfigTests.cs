using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary><c>gryt sync config</c> and <c>login</c> without a server: settings, refusals, where keys go.</summary>
public sealed class SyncConfigTests : IDisposable
{
    private readonly CliProject _project = new();
    private readonly TempDirectory _home = new();

    public SyncConfigTests() => _project.Gryt.Variables["XDG_CONFIG_HOME"] = _home.Path;

    public void Dispose()
    {
        _project.Dispose();
        _home.Dispose();
    }

    private string ConfigText => File.ReadAllText(Path.Combine(_project.Root, ".gryt", "config.yaml"));

    [Fact]
    public void Config_alone_prints_local_mode_by_default()
    {
        using var json = JsonDocument.Parse(_project.Gryt.Ok("sync", "config", "--json").Out);

        Assert.Equal("local", json.RootElement.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("server").ValueKind);
    }

    [Fact]
    public void Config_writes_the_sync_section_and_keeps_the_rest_of_the_file()
    {
        File.AppendAllText(Path.Combine(_project.Root, ".gryt", "config.yaml"), "\n# our gates\npromotion:\n  min_evolutions: 2\n");

        _project.Gryt.Ok("sync", "config", "--mode", "hybrid", "--server", "http://127.0.0.1:5080/", "--project", "shop");
        _project.Gryt.Ok("sync", "config", "--mode", "cloud");

        Assert.Contains("# our gates\npromotion:\n  min_evolutions: 2\n", ConfigText, StringComparison.Ordinal);
        Assert.Contains("sync:\n  mode: cloud\n  server: http://127.0.0.1:5080\n  project: shop\n", ConfigText, StringComparison.Ordinal);
        Assert.Single(ConfigText.Split('\n'), line => line == "sync:");
        var shown = _project.Gryt.Ok("sync", "config").Out;
        Assert.Matches(@"mode:\s+cloud", shown);
        Assert.Matches(@"server:\s+http://127\.0\.0\.1:5080", shown);
        Assert.Matches(@"key:\s+none \(gryt sync login\)", shown);
    }

    [Theory]
    [InlineData("--mode", "offline")]
    [InlineData("--mode", "hybrid")]
    [InlineData("--server", "ftp://example.invalid")]
    [InlineData("--project", "no spaces")]
    public void Bad_settings_are_refused_with_exit_2_and_the_file_unchanged(string option, string value)
    {
        var before = ConfigText;

        var result = _project.Gryt.Run("sync", "config", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("gryt: error: ", result.Err, StringComparison.Ordinal);
        Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("gryt: error:", StringComparison.Ordinal));
        Assert.Equal(before, ConfigText);
    }

    [Fact]
    public void A_bad_mode_in_config_yaml_names_its_line()
    {
        File.AppendAllText(Path.Combine(_project.Root, ".gryt", "config.yaml"), "\nsync:\n  mode: sometimes\n");

        var result = _project.Gryt.Run("sync", "config");

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"config\.yaml:\d+:\d+: 'mode' of 'sync'.* must be local, hybrid or cloud", result.Err);
    }

    [Fact]
    public void Push_and_pull_in_local_mode_refuse_without_touching_the_network()
    {
        var push = _project.Gryt.Run("sync", "push");
        var pull = _project.Gryt.Run("sync", "pull");

        Assert.Equal(2, push.ExitCode);
        Assert.Contains("sync mode is local", push.Err, StringComparison.Ordinal);
        Assert.Equal(2, pull.ExitCode);
    }

    [Fact]
    public void An_unreachable_server_is_exit_5_with_its_own_message()
    {
        _project.Gryt.Ok("sync", "config", "--mode", "hybrid", "--server", "http://127.0.0.1:9");
        _project.Gryt.Variables["GRYT_TOKEN"] = "gryt_0123456789ab_c2VjcmV0";

        var push = _project.Gryt.Run("sync", "push");

        Assert.Equal(5, push.ExitCode);
        Assert.StartsWith("gryt: error: cannot reach the sync server http://127.0.0.1:9: ", push.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", push.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Login_refuses_an_empty_or_malformed_key_and_saves_nothing()
    {
        _project.Gryt.Ok("sync", "config", "--mode", "hybrid", "--server", "http://127.0.0.1:9");

        _project.Gryt.Input = "";
        Assert.Equal(2, _project.Gryt.Run("sync", "login").ExitCode);
        _project.Gryt.Input = "hunter2\n";
        var malformed = _project.Gryt.Run("sync", "login");

        Assert.Equal(2, malformed.ExitCode);
        Assert.DoesNotContain("hunter2", malformed.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_home.Path, "gryt")));
    }

    [Fact]
    public void Without_a_key_push_says_how_to_log_in()
    {
        _project.Gryt.Ok("sync", "config", "--mode", "hybrid", "--server", "http://127.0.0.1:9");

        var push = _project.Gryt.Run("sync", "push");

        Assert.Equal(5, push.ExitCode);
        Assert.Contains("no key for the sync server http://127.0.0.1:9", push.Err, StringComparison.Ordinal);
        Assert.Contains("gryt sync login", push.Err, StringComparison.Ordinal);
    }
}
