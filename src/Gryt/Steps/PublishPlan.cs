using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace Gryt.Steps;

/// <summary>A built-in step that publishes: it can say what it would publish without publishing.</summary>
internal interface IPublishStep
{
    /// <summary>Log the plan and publish nothing (the step's <c>dry_run</c>).</summary>
    bool DryRun { get; }

    /// <summary>What the step would publish now (null: nothing, as configured); never throws for
    /// missing files (they may not exist yet).</summary>
    PublishPlan? Plan(ToolInvocation invocation);
}

/// <summary>One file or package a publish step would send, with the package and version it carries.</summary>
internal sealed record PublishItem(string Path, string? Package, string? Version)
{
    public override string ToString() =>
        Package is null && Version is null ? Path : $"{Path} ({string.Join(' ', new[] { Package, Version }.OfType<string>())})";
}

/// <summary>
/// What a publish step would publish: where to, which files (with package and version), and which
/// variable its credential comes from. Shown by <c>gryt run --dry-run</c> and a step's <c>dry_run</c>.
/// </summary>
internal sealed record PublishPlan(string Target, IReadOnlyList<PublishItem> Items)
{
    /// <summary>Why the files cannot be listed yet, e.g. no file matches a pattern.</summary>
    public string? Problem { get; init; }

    /// <summary>The variable the credential is read from, and whether it is set.</summary>
    public (string Variable, bool Set)? Credential { get; init; }

    public IEnumerable<string> Lines()
    {
        yield return "would publish to " + Target;
        foreach (var item in Items)
        {
            yield return "  " + item;
        }

        if (Problem is not null)
        {
            yield return "  " + Problem + " now (an earlier step may make it)";
        }

        if (Credential is { } credential)
        {
            yield return credential.Set
                ? $"credential from {credential.Variable} (set)"
                : $"credential from {credential.Variable} (not set)";
        }
    }

    /// <summary>The plan as a step's <c>dry_run</c> logs it.</summary>
    public IEnumerable<string> DryRunLines() => Lines().Select((line, i) => i == 0 ? "dry run: " + line : line);

    /// <summary>Expands <paramref name="patterns"/> now, turning each file into an item; a pattern that
    /// matches nothing becomes the plan's problem instead of an error.</summary>
    public static PublishPlan ForFiles(string target, IEnumerable<string> patterns, ToolInvocation invocation, Func<string, PublishItem> item)
    {
        try
        {
            var files = FileGlob.Expand(patterns, invocation.WorkingDirectory);
            return new PublishPlan(target, [.. files.Select(item)]);
        }
        catch (InvalidInputException e)
        {
            return new PublishPlan(target, []) { Problem = e.Message };
        }
    }
}

/// <summary>Reads the package name and version a publishable file carries.</summary>
internal static class PackageIdentity
{
    /// <summary>The id and version in a <c>.nupkg</c>'s <c>.nuspec</c>; nulls when it cannot be read.</summary>
    public static (string? Id, string? Version) OfNupkg(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/', StringComparison.Ordinal)
                && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                return (null, null);
            }

            using var stream = entry.Open();
            var metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
            return (Value("id"), Value("version"));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    /// <summary>The <c>name</c> and <c>version</c> of <c>package.json</c> in <paramref name="folder"/>.</summary>
    public static (string? Name, string? Version) OfPackageJson(string folder)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "package.json")));
            string? Value(string name) =>
                document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var v)
                && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (Value("name"), Value("version"));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    /// <summary>The name and version in a Python distribution's file name: a wheel
    /// (<c>name-1.0-py3-none-any.whl</c>) or an sdist (<c>name-1.0.tar.gz</c>).</summary>
    public static (string? Name, string? Version) OfPythonDist(string path)
    {
        var file = Path.GetFileName(path);
        if (file.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
        {
            // Wheel names escape '-' in the name and version to '_', so the first two fields are exact.
            var parts = file.Split('-');
            return parts.Length >= 5 ? (parts[0], parts[1]) : (null, null);
        }

        foreach (var extension in new[] { ".tar.gz", ".zip" })
        {
            if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                var stem = file[..^extension.Length];
                var dash = stem.LastIndexOf('-');
                return dash > 0 ? (stem[..dash], stem[(dash + 1)..]) : (null, null);
            }
        }

        return (null, null);
    }
}
