using System.IO.Compression;

namespace Gryt.Tests.Steps.Publishing;

/// <summary>
/// pypi-upload (Debian's twine) against a local pypiserver on 127.0.0.1 that takes anonymous
/// uploads, started once for the class; its simple index reads the upload back. Runs only where
/// pypi-server is installed: Debian 12 does not package it and PyPI is not reachable here.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PypiUploadTests(PypiUploadTests.PypiServer server) : IClassFixture<PypiUploadTests.PypiServer>, IDisposable
{
    private const string Token = "pypi-gryt-test-token-5e1b";
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-pypi-upload-").FullName;

    public sealed class PypiServer : RegistryFixture
    {
        public string Url => $"http://127.0.0.1:{Server.Port}/";

        private protected override async Task<LocalRegistry?> StartAsync()
        {
            if (Gryt.Steps.ToolLocator.Find("pypi-server", GrytHost.Current) is null) return null;
            // -a . -P . : no authentication for any action, so any token is accepted.
            return await LocalRegistry.StartAsync("pypi-server", (folder, port) =>
                ["run", "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-a", ".", "-P", ".", Directory.CreateDirectory(Path.Combine(folder, "packages")).FullName],
                "/simple/");
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A minimal real wheel: the dist-info files twine reads.</summary>
    private string Wheel(string name, string version)
    {
        var dist = Directory.CreateDirectory(Path.Combine(_folder, "dist")).FullName;
        var path = Path.Combine(dist, $"{name}-{version}-py3-none-any.whl");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string entry, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            writer.Write(text);
        }

        Add($"{name}/__init__.py", "VALUE = 1\n");
        Add($"{name}-{version}.dist-info/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: gryt test\n");
        Add($"{name}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: gryt-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        Add($"{name}-{version}.dist-info/RECORD", "");
        return path;
    }

    private static Dictionary<string, string> Environment() => new() { ["PYPI_TOKEN"] = Token };

    [PublishFact("twine")]
    public async Task Twine_uploads_the_wheel_the_index_then_lists_and_a_second_upload_fails_naming_it()
    {
        Wheel("gryt_demo", "0.3.1");
        var harness = new StepHarness();
        var step = new PypiUploadStep("upload") { RepositoryUrl = server.Url, Python = "/usr/bin/python3" };

        var outcome = await harness.RunAsync(step, _folder, Environment());

        Assert.True(outcome.Passed, harness.Output);
        using var http = new HttpClient();
        Assert.Contains("gryt_demo-0.3.1-py3-none-any.whl", await http.GetStringAsync(new Uri(server.Url + "simple/gryt-demo/")), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, harness.Output, StringComparison.Ordinal);

        var again = await harness.RunAsync(step, _folder, Environment());

        Assert.False(again.Passed);
        Assert.StartsWith($"pypi-upload: a file of this version is already in {server.Url}", again.Message, StringComparison.Ordinal);
        var skipping = new PypiUploadStep("upload") { RepositoryUrl = server.Url, Python = "/usr/bin/python3", SkipExisting = true };
        Assert.True((await harness.RunAsync(skipping, _folder, Environment())).Passed, harness.Output);
    }
}
