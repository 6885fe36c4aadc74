using System.Text.Json;
using Gryt.Pipelines.Hosting;

namespace Gryt.Promotion;

/// <summary>
/// A custom gate written in C# as a file-based app (see <see cref="GateHost"/>), run with
/// <c>dotnet run --file</c>, or built once into <see cref="CSharpAppCache"/> and started directly.
/// A file that does not build, crashes or reports nothing fails the gate.
/// </summary>
internal sealed class CSharpGate(
    string path, string shownPath, string workingDirectory, string databasePath, string? packageSource, IRuntime runtime, CSharpAppCache cache)
    : PromotionGate("file:" + Path.GetFileName(path))
{
    /// <summary>A C# gate file runs a process: only <see cref="CheckAsync"/> runs it.</summary>
    public override GateResult Check(Gryt.Generation generation, IData data) =>
        throw new NotSupportedException($"{Name} runs dotnet: call CheckAsync");

    public override async Task<GateResult> CheckAsync(Gryt.Generation generation, IData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generation);
        if (!File.Exists(path)) return new GateResult(false, $"{shownPath} does not exist");
        string? report = null;
        var lastLines = new Queue<string>();
        var environment = CSharpPipelineFile.Environment(cache.Host, new Dictionary<string, string>
        {
            [PipelineHostEnvironment.Database] = databasePath,
            [GateHost.VersionVariable] = generation.Version,
        });
        void Keep(string line)
        {
            if (line.StartsWith(GateHost.ResultPrefix, StringComparison.Ordinal)) report = line[GateHost.ResultPrefix.Length..];
            else if (line.Trim().Length > 0)
            {
                lastLines.Enqueue(line.Trim());
                if (lastLines.Count > 3) lastLines.Dequeue();
            }
        }

        var exitCode = await CSharpPipelineFile.PrepareAsync(path, workingDirectory, packageSource, cache, runtime, null, Keep, cancellationToken).ConfigureAwait(false);
        if (exitCode == 0)
        {
            var (fileName, arguments) = CSharpPipelineFile.Command(path, [], packageSource, cache);
            exitCode = await runtime.RunAsync(new ProcessSpec(fileName, arguments, workingDirectory, environment), Keep, cancellationToken).ConfigureAwait(false);
        }

        if (report is null)
        {
            return new GateResult(false, $"{shownPath} did not report a result (exit {exitCode}): {string.Join(" | ", lastLines)}");
        }

        using var json = JsonDocument.Parse(report);
        var root = json.RootElement;
        var name = root.GetProperty("gate").GetString();
        var message = root.GetProperty("message").GetString() ?? "";
        return new GateResult(root.GetProperty("passed").GetBoolean(), name is null ? message : $"{name}: {message}");
    }
}
