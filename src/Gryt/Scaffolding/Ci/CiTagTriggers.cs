using System.Text.RegularExpressions;
using Gryt.Project;
using Gryt.Steps;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gryt.Scaffolding.Ci;

/// <summary>A CI file that starts on tags an rc tag matches, and how to exclude rc tags there.</summary>
internal sealed record TagTrigger(string File, int Line, string Pattern, string Exclude);

/// <summary>
/// Finds CI files whose tag triggers an rc tag (<c>v1.0.0-rc.1</c>) matches: a project that publishes on
/// <c>tags: v*</c> would publish every release candidate gryt tags. Read leniently (these are the
/// project's files, not gryt's): a file that cannot be read is skipped. GitHub Actions
/// (<c>on.push.tags</c>, <c>tags-ignore</c>, <c>!</c> patterns), Azure Pipelines (<c>trigger.tags</c>,
/// <c>refs/tags/</c> branch filters), CircleCI (<c>filters.tags.only/ignore</c>) and GitLab CI
/// (<c>$CI_COMMIT_TAG</c> rules, <c>only: tags</c>, a rule with <c>-rc</c> and <c>when: never</c> excludes).
/// </summary>
internal static partial class CiTagTriggers
{
    /// <summary>The CI files of <paramref name="project"/> that its rc tags (named as config.yaml's <c>tag_format</c> says) would start,
    /// with such an rc tag.</summary>
    public static (string RcTag, IReadOnlyList<TagTrigger> Triggers) Find(GrytProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var format = TagFormat.Of("", ProjectConfig.TagFormatOrNull(project));
        return (SampleRcTag(format.Template), Find(project.Root, format));
    }

    /// <summary>An rc tag as <paramref name="template"/> names them: <c>v1.0.0-rc.1</c>.</summary>
    public static string SampleRcTag(string template) => TagFormat.Of("", template).Rc(SemanticVersion.Parse("v1.0.0"), 1);

    /// <summary>The CI files below <paramref name="root"/> that rc tags of <paramref name="format"/> would start.</summary>
    public static IReadOnlyList<TagTrigger> Find(string root, TagFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var rcTag = SampleRcTag(format.Template);
        var rcGlob = format.RcGlob;
        var found = new List<TagTrigger>();
        var workflows = Path.Combine(root, ".github", "workflows");
        if (Directory.Exists(workflows))
        {
            foreach (var file in Directory.EnumerateFiles(workflows).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                if (Load(file) is { } yaml) found.AddRange(GitHub(Shown(root, file), yaml, rcTag, rcGlob));
            }
        }

        foreach (var name in new[] { "azure-pipelines.yml", "azure-pipelines.yaml" })
        {
            var file = Path.Combine(root, name);
            if (Load(file) is { } yaml) found.AddRange(Azure(name, yaml, rcTag, rcGlob));
        }

        var circle = Path.Combine(root, ".circleci", "config.yml");
        if (Load(circle) is { } circleYaml) found.AddRange(Circle(".circleci/config.yml", circleYaml, rcTag));

        var gitlab = Path.Combine(root, ".gitlab-ci.yml");
        if (File.Exists(gitlab)) found.AddRange(GitLab(".gitlab-ci.yml", SafeRead(gitlab), rcTag));
        return found;
    }

    private static IEnumerable<TagTrigger> GitHub(string file, YamlNode root, string rcTag, string rcGlob)
    {
        if (Child(root, "on") is not YamlMappingNode on || Child(on, "push") is not YamlMappingNode push || Child(push, "tags") is not { } tags) yield break;
        var included = false;
        string? pattern = null;
        // Later patterns override earlier ones; a '!' pattern excludes.
        foreach (var item in Strings(tags))
        {
            var negated = item.Value.StartsWith('!');
            if (!FileGlob.ToRegex(negated ? item.Value[1..] : item.Value).IsMatch(rcTag)) continue;
            included = !negated;
            pattern = negated ? null : item.Value;
        }

        if (!included || Strings(Child(push, "tags-ignore")).Any(i => FileGlob.ToRegex(i.Value).IsMatch(rcTag))) yield break;
        yield return new TagTrigger(file, Line(tags), pattern!, $"add '!{rcGlob}' after it under on.push.tags");
    }

    private static IEnumerable<TagTrigger> Azure(string file, YamlNode root, string rcTag, string rcGlob)
    {
        if (Child(root, "trigger") is not YamlMappingNode trigger) yield break;
        if (Child(trigger, "tags") is YamlMappingNode tags)
        {
            var match = Strings(Child(tags, "include")).FirstOrDefault(i => FileGlob.ToRegex(i.Value.Replace("refs/tags/", "", StringComparison.Ordinal)).IsMatch(rcTag));
            if (match.Value is not null && !Strings(Child(tags, "exclude")).Any(i => FileGlob.ToRegex(i.Value.Replace("refs/tags/", "", StringComparison.Ordinal)).IsMatch(rcTag)))
            {
                yield return new TagTrigger(file, match.Line, match.Value, $"add '{rcGlob}' under trigger.tags.exclude");
            }
        }

        if (Child(trigger, "branches") is YamlMappingNode branches)
        {
            var match = Strings(Child(branches, "include")).FirstOrDefault(i => i.Value.StartsWith("refs/tags/", StringComparison.Ordinal) && FileGlob.ToRegex(i.Value).IsMatch("refs/tags/" + rcTag));
            if (match.Value is not null && !Strings(Child(branches, "exclude")).Any(i => FileGlob.ToRegex(i.Value).IsMatch("refs/tags/" + rcTag)))
            {
                yield return new TagTrigger(file, match.Line, match.Value, $"add 'refs/tags/{rcGlob}' under trigger.branches.exclude");
            }
        }
    }

    private static IEnumerable<TagTrigger> Circle(string file, YamlNode root, string rcTag)
    {
        foreach (var filters in Descendants(root).OfType<YamlMappingNode>().Select(m => Child(m, "filters")).OfType<YamlMappingNode>())
        {
            if (Child(filters, "tags") is not YamlMappingNode tags) continue;
            var match = Strings(Child(tags, "only")).FirstOrDefault(i => CircleMatches(i.Value, rcTag));
            if (match.Value is null || Strings(Child(tags, "ignore")).Any(i => CircleMatches(i.Value, rcTag))) continue;
            yield return new TagTrigger(file, match.Line, match.Value, @"add 'ignore: /.*-rc\..*/' under that filters.tags");
        }
    }

    private static IEnumerable<TagTrigger> GitLab(string file, string text, string rcTag)
    {
        var lines = text.Split('\n');
        // A rule that never runs rc tags (if: $CI_COMMIT_TAG =~ /-rc\./ … when: never) is the documented exclusion.
        if (lines.Any(l => l.Contains("CI_COMMIT_TAG", StringComparison.Ordinal) && l.Contains("-rc", StringComparison.Ordinal))
            && lines.Any(l => l.Contains("when: never", StringComparison.Ordinal)))
        {
            yield break;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            string? pattern = null;
            if (GitLabTagRegex().Match(line) is { Success: true } regex)
            {
                if (SafeRegexMatch(regex.Groups["re"].Value, rcTag)) pattern = regex.Value;
            }
            else if (GitLabAnyTag().IsMatch(line) || line is "- tags" or "only: tags" or "only: [tags]")
            {
                pattern = line;
            }

            if (pattern is not null)
            {
                yield return new TagTrigger(file, i + 1, pattern, @"add a first rule '- if: $CI_COMMIT_TAG =~ /-rc\./' with 'when: never'");
                yield break;
            }
        }
    }

    private static bool CircleMatches(string filter, string tag) =>
        filter.Length > 1 && filter.StartsWith('/') && filter.EndsWith('/') ? SafeRegexMatch(filter[1..^1], tag, whole: true) : filter == tag;

    private static bool SafeRegexMatch(string pattern, string text, bool whole = false)
    {
        try
        {
            var match = Regex.Match(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return match.Success && (!whole || match.Length == text.Length);
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static YamlNode? Load(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(SafeRead(path)));
            return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static IEnumerable<(string Value, int Line)> Strings(YamlNode? node) => node switch
    {
        YamlScalarNode { Value: { } value } scalar => [(value, Line(scalar))],
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Where(s => s.Value is not null).Select(s => (s.Value!, Line(s))),
        _ => [],
    };

    private static IEnumerable<YamlNode> Descendants(YamlNode node) => node.AllNodes;

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static string Shown(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    [GeneratedRegex(@"\$CI_COMMIT_TAG\s*=~\s*/(?<re>.*?)/")]
    private static partial Regex GitLabTagRegex();

    [GeneratedRegex(@"^(-\s*)?if:\s*['""]?\$CI_COMMIT_TAG\s*(!=\s*(null|""""))?['""]?\s*$")]
    private static partial Regex GitLabAnyTag();
}
