using System.Text;
using Gryt.Project;
using YamlDotNet.RepresentationModel;

namespace Gryt.Sync;

/// <summary>
/// Writes the <c>sync:</c> section of <c>.gryt/config.yaml</c> the way a person would: that
/// section is replaced (or appended), every other line, comment and quote stays as it was.
/// </summary>
internal static class SyncConfigFile
{
    /// <summary>Sets the mode, and the server and project when given; returns the settings now in force.</summary>
    public static SyncSettings Update(GrytProject project, string? modeWord, string? serverText, string? projectName)
    {
        ArgumentNullException.ThrowIfNull(project);
        var current = ProjectConfig.Load(project).Sync;
        var mode = current.Mode;
        if (modeWord is not null && !SyncSettings.TryParseMode(modeWord, out mode))
        {
            throw new InvalidInputException($"'{SemanticVersion.Printable(modeWord)}' is not a sync mode", "use one of: local, hybrid, cloud");
        }

        var server = current.Server;
        if (serverText is not null)
        {
            server = SyncSettings.NormalizeServer(serverText)
                ?? throw new InvalidInputException($"'{SemanticVersion.Printable(serverText)}' is not an http or https URL", "e.g. --server http://127.0.0.1:5080");
        }

        var name = current.Project;
        if (projectName is not null)
        {
            if (!SyncSettings.IsProjectName(projectName))
            {
                throw new InvalidInputException($"'{SemanticVersion.Printable(projectName)}' is not a project name", "use letters, digits, '.', '_' or '-'");
            }

            name = projectName;
        }

        if (mode != SyncMode.Local && server is null)
        {
            throw new InvalidInputException($"sync mode {SyncSettings.Word(mode)} needs a server", "add --server URL, e.g. --server http://127.0.0.1:5080");
        }

        var settings = new SyncSettings(mode, server, name);
        var text = File.Exists(project.ConfigPath) ? File.ReadAllText(project.ConfigPath) : "";
        OutputFile.WriteText(project.ConfigPath, WithSection(text, settings));
        return settings;
    }

    /// <summary>The file text with its top-level <c>sync:</c> section set to <paramref name="settings"/>.</summary>
    internal static string WithSection(string text, SyncSettings settings)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var section = new StringBuilder("sync:").Append(newline).Append("  mode: ").Append(SyncSettings.Word(settings.Mode)).Append(newline);
        if (settings.Server is not null) section.Append("  server: ").Append(settings.Server).Append(newline);
        if (settings.Project is not null) section.Append("  project: ").Append(settings.Project).Append(newline);

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
        {
            var entries = root.Children.ToList();
            var index = entries.FindIndex(e => e.Key is YamlScalarNode { Value: "sync" });
            if (index >= 0)
            {
                // From the key's line to the start of the next top-level key (or the end): the old section, comments inside it included.
                var start = LineStart(text, (int)entries[index].Key.Start.Index);
                var end = index + 1 < entries.Count ? LineStart(text, (int)entries[index + 1].Key.Start.Index) : text.Length;
                return text[..start] + section + text[end..];
            }
        }

        var separator = text.Length == 0 || text.EndsWith('\n') ? "" : newline;
        return text + separator + section;
    }

    private static int LineStart(string text, int index)
    {
        var newline = text.LastIndexOf('\n', Math.Max(0, index - 1));
        return index == 0 ? 0 : newline + 1;
    }
}
