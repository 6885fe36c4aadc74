using System.Globalization;
using System.Text;

namespace Gryt.Ci;

/// <summary>The CI services gryt knows: it writes their workflow files and adapts its output to them.</summary>
internal enum CiKind
{
    GitHub,
    GitLab,
    CircleCi,
    Azure,
}

/// <summary>
/// The CI service gryt runs under, detected from the variables each one sets
/// (<c>GITHUB_ACTIONS</c>, <c>GITLAB_CI</c>, <c>CIRCLECI</c>, <c>TF_BUILD</c>): the URL of the CI
/// run, recorded on gryt's run (<c>pipeline_runs.ci_url</c>), and how that service folds a group of
/// log lines (GitHub <c>::group::</c>, GitLab <c>section_start</c>, Azure <c>##[group]</c>; CircleCI
/// has no such syntax and folds per step of its own).
/// </summary>
internal sealed class CiPlatform
{
    private const char Escape = '\u001b';

    private CiPlatform(CiKind kind, string? runUrl)
    {
        Kind = kind;
        RunUrl = runUrl;
    }

    public CiKind Kind { get; }

    /// <summary>The web page of the CI run (or job), when the service says it.</summary>
    public string? RunUrl { get; }

    /// <summary>The platform's word, as <c>gryt init --ci</c> takes it.</summary>
    public string Name => NameOf(Kind);

    public static string NameOf(CiKind kind) => kind switch
    {
        CiKind.GitHub => "github",
        CiKind.GitLab => "gitlab",
        CiKind.CircleCi => "circleci",
        _ => "azure",
    };

    /// <summary>The platform gryt runs under, or null outside a CI service it knows.</summary>
    public static CiPlatform? Detect(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value : null;

        if (string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            var url = (Get("GITHUB_SERVER_URL"), Get("GITHUB_REPOSITORY"), Get("GITHUB_RUN_ID")) is ({ } server, { } repository, { } run)
                ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{run}"
                : null;
            return new CiPlatform(CiKind.GitHub, url);
        }

        if (Get("GITLAB_CI") is not null) return new CiPlatform(CiKind.GitLab, Get("CI_JOB_URL") ?? Get("CI_PIPELINE_URL"));
        if (Get("CIRCLECI") is not null) return new CiPlatform(CiKind.CircleCi, Get("CIRCLE_BUILD_URL"));
        if (string.Equals(Get("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
        {
            var url = (Get("SYSTEM_COLLECTIONURI"), Get("SYSTEM_TEAMPROJECT"), Get("BUILD_BUILDID")) is ({ } collection, { } project, { } build)
                ? $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={build}"
                : null;
            return new CiPlatform(CiKind.Azure, url);
        }

        return null;
    }

    /// <summary>
    /// The lines that open a folded group titled <paramref name="title"/>; empty where the service
    /// has no folding. <paramref name="id"/> names the section (GitLab); <paramref name="at"/> is when it started.
    /// </summary>
    public IReadOnlyList<string> GroupStart(string title, string id, DateTimeOffset at) => Kind switch
    {
        CiKind.GitHub => [$"::group::{OneLine(title)}"],
        CiKind.GitLab => [$"{Escape}[0Ksection_start:{Unix(at)}:{SectionName(id)}[collapsed=true]\r{Escape}[0K{OneLine(title)}"],
        CiKind.Azure => [$"##[group]{OneLine(title)}"],
        _ => [],
    };

    /// <summary>The lines that close the group <see cref="GroupStart"/> opened.</summary>
    public IReadOnlyList<string> GroupEnd(string id, DateTimeOffset at) => Kind switch
    {
        CiKind.GitHub => ["::endgroup::"],
        CiKind.GitLab => [$"{Escape}[0Ksection_end:{Unix(at)}:{SectionName(id)}\r{Escape}[0K"],
        CiKind.Azure => ["##[endgroup]"],
        _ => [],
    };

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>GitLab section names allow letters, digits, <c>_</c>, <c>.</c> and <c>-</c>.</summary>
    private static string SectionName(string id)
    {
        var name = new StringBuilder(id.Length + 5).Append("gryt_");
        foreach (var ch in id) name.Append(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-' ? ch : '_');
        return name.ToString();
    }
}
