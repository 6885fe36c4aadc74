using System.Net.Http.Headers;
using System.Text.Json;

namespace Gryt.Tests.Steps.Publishing;

/// <summary>
/// oci-push (oras) and container-build with push (docker) against Debian's docker-registry, started
/// once for the class on 127.0.0.1; the registry's HTTP API reads the pushes back. Each test runs
/// only where its client is here (oras is not packaged by Debian 12; docker needs a running daemon).
/// </summary>
[Trait("Category", "Slow")]
public sealed class OciPushTests(OciPushTests.DockerRegistry registry) : IClassFixture<OciPushTests.DockerRegistry>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-oci-push-").FullName;

    public sealed class DockerRegistry : RegistryFixture
    {
        public string Host => $"127.0.0.1:{Server.Port}";

        private protected override async Task<LocalRegistry?> StartAsync()
        {
            if (Gryt.Steps.ToolLocator.Find("docker-registry", GrytHost.Current) is null) return null;
            return await LocalRegistry.StartAsync("docker-registry", (folder, port) =>
            {
                File.WriteAllText(Path.Combine(folder, "config.yml"), $"""
                    version: 0.1
                    log: {"{"} level: warn {"}"}
                    storage:
                      filesystem: {"{"} rootdirectory: {Path.Combine(folder, "data")} {"}"}
                    http:
                      addr: 127.0.0.1:{port}
                    """);
                return ["serve", Path.Combine(folder, "config.yml")];
            }, "/v2/");
        }

        /// <summary>The tags the registry lists for <paramref name="repository"/> (none when it has none).</summary>
        public async Task<IReadOnlyList<string>> TagsAsync(string repository)
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri($"http://{Host}/v2/{repository}/tags/list"));
            if (!response.IsSuccessStatusCode) return [];
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? [.. tags.EnumerateArray().Select(t => t.GetString()!)]
                : [];
        }

        public async Task<JsonDocument> ManifestAsync(string repository, string tag)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}/v2/{repository}/manifests/{tag}"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [PublishFact("oras")]
    public async Task Oras_pushes_the_files_as_an_artifact_the_registry_serves_and_dry_run_pushes_nothing()
    {
        File.WriteAllText(Path.Combine(_folder, "sbom.json"), """{ "spdxVersion": "SPDX-2.3" }""");
        var harness = new StepHarness();

        var dry = await harness.RunAsync(
            new OciPushStep("sbom", $"{registry.Host}/gryt/sbom:1.0", ["*.json"]) { PlainHttp = true, DryRun = true }, _folder);
        Assert.True(dry.Passed, harness.Output);
        Assert.Contains($"dry run: would publish to {registry.Host}/gryt/sbom:1.0", harness.Lines);
        Assert.Empty(await registry.TagsAsync("gryt/sbom"));

        var outcome = await harness.RunAsync(
            new OciPushStep("sbom", $"{registry.Host}/gryt/sbom:1.0", ["*.json"]) { PlainHttp = true, ArtifactType = "application/spdx+json" }, _folder);

        Assert.True(outcome.Passed, harness.Output);
        Assert.Equal(["1.0"], await registry.TagsAsync("gryt/sbom"));
        using var manifest = await registry.ManifestAsync("gryt/sbom", "1.0");
        Assert.Equal("application/spdx+json", manifest.RootElement.GetProperty("artifactType").GetString());
        var layer = Assert.Single(manifest.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal("sbom.json", layer.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString());
    }

    [PublishFact("docker")]
    public async Task Container_build_pushes_the_image_to_the_registry_and_dry_run_builds_without_pushing()
    {
        File.WriteAllText(Path.Combine(_folder, "hello.txt"), "hello\n");
        File.WriteAllText(Path.Combine(_folder, "Dockerfile"), "FROM scratch\nCOPY hello.txt /\n");
        var harness = new StepHarness();

        var dry = await harness.RunAsync(new ContainerBuildStep("image", $"{registry.Host}/gryt/hello") { Tag = "1.0", Push = true, DryRun = true }, _folder);
        Assert.True(dry.Passed, harness.Output);
        Assert.Contains($"dry run: would publish to {registry.Host}/gryt/hello:1.0", harness.Lines);
        Assert.Empty(await registry.TagsAsync("gryt/hello"));

        var outcome = await harness.RunAsync(new ContainerBuildStep("image", $"{registry.Host}/gryt/hello") { Tag = "1.0", Push = true }, _folder);

        Assert.True(outcome.Passed, harness.Output);
        Assert.Equal(["1.0"], await registry.TagsAsync("gryt/hello"));
    }
}
