using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Gryt.Cli.Tests.Web;

/// <summary>
/// Debian's chromium (installed by .ci/run), driven by Playwright: headless, never a browser Playwright
/// downloads. Screenshots go to <c>artifacts/screenshots/</c> of the repository, which CI keeps.
/// </summary>
internal static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Why browser tests cannot run here, or null.</summary>
    public static string? SkipReason =>
        File.Exists(Executable) ? null : $"chromium is missing ({Executable}): apt-get install chromium (.ci/run installs it)";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true });

    public static string ScreenshotFolder => Folder.Value;

    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Gryt.slnx"))) continue;
            var folder = Path.Combine(dir.FullName, "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }

        throw new InvalidOperationException($"Gryt.slnx not found above {AppContext.BaseDirectory}");
    });

    /// <summary>
    /// Waits until a click has taken the page to a URL ending in <paramref name="path"/>. Not
    /// <c>WaitForURLAsync</c>: once the URL matches, Playwright .NET checks the load state and only
    /// then subscribes to its events, so a "load" that lands in between is missed and it waits 30 s.
    /// </summary>
    public static Task ArrivedAsync(IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));

    /// <summary>Saves a screenshot of the whole page as <c>artifacts/screenshots/NAME.png</c>.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
}

/// <summary>A fact that needs chromium: skipped, naming it, where it is missing.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.SkipReason is { } reason) Skip = reason;
    }
}
