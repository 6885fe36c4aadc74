using Gryt.Pipelines.Loading;
using Gryt.Tests.Pipelines;

namespace Gryt.Tests.Steps.Publishing;

/// <summary>
/// npm-publish against verdaccio (installed from npm by scripts/registries.sh into a cache folder),
/// started once for the class on 127.0.0.1 with anonymous publishing allowed; npm view reads back.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NpmPublishTests(NpmPublishTests.Verdaccio verdaccio) : IClassFixture<NpmPublishTests.Verdaccio>, IDisposable
{
    private const string Token = "gryt-test-npm-token-7f3a9c";
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-npm-publish-").FullName;

    public sealed class Verdaccio : RegistryFixture
    {
        public string Url => $"http://127.0.0.1:{Server.Port}/";

        private protected override async Task<LocalRegistry?> StartAsync()
        {
            var program = LocalRegistry.Install("verdaccio");
            return await LocalRegistry.StartAsync(program, (folder, port) =>
            {
                // No uplinks: nothing is fetched from or sent to the public registry.
                File.WriteAllText(Path.Combine(folder, "config.yaml"), """
                    storage: ./storage
                    auth:
                      htpasswd: { file: ./htpasswd, max_users: -1 }
                    uplinks: {}
                    packages:
                      '**': { access: $all, publish: $all, unpublish: $all }
                    log: { type: stdout, format: pretty, level: warn }
                    """);
                return ["--config", Path.Combine(folder, "config.yaml"), "--listen", $"127.0.0.1:{port}"];
            }, "/-/ping");
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Package(string name, string version)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "package.json"), $$"""{ "name": "{{name}}", "version": "{{version}}", "main": "index.js" }""");
        File.WriteAllText(Path.Combine(folder, "index.js"), "module.exports = 42;\n");
        return folder;
    }

    private static Dictionary<string, string> Environment(string? token = Token) => new()
    {
        ["npm_config_update_notifier"] = "false",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
        ["NPM_TOKEN"] = token ?? "",
    };

    private string View(string spec) =>
        PublishTestSupport.Run("npm", _folder, "view", spec, "version", "--registry", verdaccio.Url).Output.Trim();

    [ToolFact("npm")]
    public async Task A_pipeline_publishes_the_package_and_npm_view_reads_it_back_with_the_token_in_no_record()
    {
        using var project = new PipelineTestProject();
        Directory.CreateDirectory(project.PathOf("web"));
        File.WriteAllText(project.PathOf("web/package.json"), """{ "name": "gryt-web-demo", "version": "1.4.0", "main": "index.js" }""");
        File.WriteAllText(project.PathOf("web/index.js"), "module.exports = 1;\n");
        var path = project.PathOf(".gryt/pipelines/release.yaml");
        File.WriteAllText(path, $"""
            name: release
            secrets: [NPM_TOKEN]
            env:
              NPM_TOKEN: "{Token}"
              npm_config_update_notifier: "false"
            steps:
              - name: publish
                uses: npm-publish
                cwd: web
                with: {"{"} registry: "{verdaccio.Url}" {"}"}
            """);
        var pipeline = YamlPipelineLoader.Load(path, "release.yaml", _ => null, VariableMode.Require);

        var result = await project.RunAsync(pipeline);

        Assert.True(result.Status == RunStatus.Pass, PublishTestSupport.AllText(project.Project.LogsFolder));
        Assert.Equal("1.4.0", View("gryt-web-demo"));
        var command = Assert.Single(project.Query("SELECT command FROM step_runs WHERE run_id = ?", result.RunId))["command"] as string;
        Assert.DoesNotContain(Token, command ?? "", StringComparison.Ordinal);
        var logs = PublishTestSupport.AllText(project.Project.LogsFolder);
        Assert.Contains("npm publish --registry " + verdaccio.Url, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logs, StringComparison.Ordinal);
    }

    [ToolFact("npm")]
    public async Task Publishing_a_version_the_registry_has_fails_naming_it()
    {
        var folder = Package("gryt-twice", "1.0.0");
        var step = new NpmPublishStep("publish") { Registry = verdaccio.Url };
        var harness = new StepHarness();
        Assert.True((await harness.RunAsync(step, folder, Environment())).Passed, harness.Output);

        var again = await harness.RunAsync(step, folder, Environment());

        Assert.False(again.Passed);
        Assert.StartsWith($"npm-publish: this version is already in {verdaccio.Url}: publish a new version (", again.Message, StringComparison.Ordinal);
        Assert.Contains("1.0.0", again.Message, StringComparison.Ordinal);
        Assert.Equal("1.0.0", View("gryt-twice"));
    }

    [ToolFact("npm")]
    public async Task Dry_run_says_what_would_be_published_and_publishes_nothing()
    {
        var folder = Package("gryt-dry", "2.0.0");
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new NpmPublishStep("publish") { Registry = verdaccio.Url, Tag = "next", DryRun = true }, folder, Environment(token: null));

        Assert.True(outcome.Passed, harness.Output);
        Assert.Contains($"dry run: would publish to {verdaccio.Url} (tag next)", harness.Lines);
        Assert.Contains("  . (gryt-dry 2.0.0)", harness.Lines);
        Assert.Contains("credential from NPM_TOKEN (not set)", harness.Lines);
        Assert.Contains("--dry-run", harness.Runtime.Started.Single().Arguments);
        Assert.Contains("E404", View("gryt-dry"), StringComparison.Ordinal);
    }
}
