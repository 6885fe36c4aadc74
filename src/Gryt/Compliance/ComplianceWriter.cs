using System.Globalization;
using System.Text;
using Gryt.Audit;
using Gryt.Storage;

namespace Gryt.Compliance;

/// <summary>The formats of the compliance report.</summary>
internal enum ComplianceFormat
{
    Html,
    Markdown,
}

/// <summary>Renders a <see cref="ComplianceReport"/> as a self-contained printable HTML page or plain Markdown.</summary>
internal static class ComplianceWriter
{
    public const string Standard = "NIST SP 800-161 Rev. 1 (Cybersecurity Supply Chain Risk Management Practices)";

    public static ComplianceFormat ParseFormat(string? text) => text?.ToLowerInvariant() switch
    {
        null or "html" or "htm" => ComplianceFormat.Html,
        "md" or "markdown" => ComplianceFormat.Markdown,
        _ => throw new InvalidInputException($"unknown report format '{SemanticVersion.Printable(text)}'", "use html or md"),
    };

    /// <summary>
    /// The format of a report written to <paramref name="path"/>: <paramref name="format"/> if given, else the
    /// extension, else HTML. An extension that is not the format's (<c>x.pdf</c>) is refused: gryt never
    /// writes HTML under a .pdf name.
    /// </summary>
    public static ComplianceFormat ResolveFormat(string path, string? format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        var chosen = format is not null ? ParseFormat(format) : extension switch
        {
            "" or "html" or "htm" => ComplianceFormat.Html,
            "md" or "markdown" => ComplianceFormat.Markdown,
            _ => throw NameMismatch(path, extension, null),
        };
        var fits = extension.Length == 0 || (chosen == ComplianceFormat.Html ? extension is "html" or "htm" : extension is "md" or "markdown");
        return fits ? chosen : throw NameMismatch(path, extension, chosen);
    }

    private static InvalidInputException NameMismatch(string path, string extension, ComplianceFormat? format) =>
        new($"{SemanticVersion.Printable(Path.GetFileName(path))}: the report is html or md, "
            + (format is { } f ? $"and a {(f == ComplianceFormat.Html ? "html" : "md")} report cannot be named .{extension}" : $"not .{extension}"),
            extension == "pdf" ? "write html and print it to PDF from a browser (the page has print styles)" : "name the file .html or .md, or choose the format with --format");

    /// <summary>Writes the report to <paramref name="path"/> through a temporary file, so no reader sees half of it.</summary>
    public static void Write(ComplianceReport report, string path, ComplianceFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);
        var project = report.ProjectRoot is { } root ? Project.GrytProject.At(root, report.DatabasePath) : null;
        var full = Project.OutputFile.Check(project, path, report.ProjectRoot ?? Path.GetDirectoryName(Path.GetFullPath(path))!, report.DatabasePath);
        var folder = Path.GetDirectoryName(full)!;
        Project.OutputFile.WriteText(full, format == ComplianceFormat.Html ? Html(report, folder) : Markdown(report, folder));
    }

    /// <summary>The report as Markdown; links are relative to <paramref name="reportFolder"/> (the project root when null).</summary>
    public static string Markdown(ComplianceReport report, string? reportFolder = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# Supply chain compliance report: ").Append(report.Project).Append("\n\n");
        md.Append("Standard: ").Append(Standard).Append("  \n");
        md.Append("Generated: ").Append(Time(report.GeneratedAt)).Append(" by ").Append(report.GeneratedBy).Append(" with gryt ").Append(report.GrytVersion).Append("  \n");
        md.Append("Overall: ").Append(report.Passed).Append(" of ").Append(report.Total).Append(" checks satisfied (").Append(report.Score).Append(" %)\n\n");
        md.Append("## Summary by control family\n\n| family | controls | checks | score | status |\n| --- | --- | ---: | ---: | --- |\n");
        foreach (var family in report.Families)
        {
            md.Append("| ").Append(family.Title).Append(" | ").Append(family.Controls).Append(" | ").Append(family.Passed).Append('/').Append(family.Checks.Count)
              .Append(" | ").Append(family.Score).Append(" % | ").Append(family.Status).Append(" |\n");
        }

        var number = 0;
        foreach (var family in report.Families)
        {
            md.Append("\n## ").Append(++number).Append(". ").Append(family.Title).Append(" (").Append(family.Controls).Append(")\n\n");
            md.Append(family.Summary).Append("\n\n");
            foreach (var check in family.Checks)
            {
                md.Append("- [").Append(check.Passed ? 'x' : ' ').Append("] **").Append(check.Control).Append("** ").Append(check.Requirement)
                  .Append(": ").Append(check.Evidence).Append('\n');
            }

            if (family.Key == "change-management" && report.Releases.Count > 0)
            {
                var gates = GateNames(report);
                md.Append("\n| release | status | promoted | by | commit | tag in git | changes proven | passing evolutions | dirty proofs | metrics | ")
                  .Append(string.Concat(gates.Select(g => "gate " + g + " | "))).Append("provenance | notes |\n| --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | --- | ")
                  .Append(string.Concat(gates.Select(_ => "--- | "))).Append("--- | --- |\n");
                foreach (var release in report.Releases)
                {
                    md.Append("| ").Append(Cell(release.Tag)).Append(release.HotfixOf is null ? "" : " (hotfix of " + Cell(release.HotfixOf) + ")").Append(" | ")
                      .Append(Cell(StatusText(release))).Append(" | ")
                      .Append(release.PromotedAt ?? "-").Append(" | ").Append(Cell(release.PromotedBy ?? "-")).Append(" | ").Append(ShortSha(release.Commit)).Append(" | ")
                      .Append(release.TagProblem is null ? "verified" : "**" + Cell(release.TagProblem) + "**").Append(" | ")
                      .Append(release.ChangesProven).Append('/').Append(release.Changes).Append(" | ").Append(release.PassingEvolutions).Append(" | ")
                      .Append(release.DirtyProofs == 0 ? "0" : "**" + release.DirtyProofs.ToString(CultureInfo.InvariantCulture) + "**").Append(" | ")
                      .Append(Cell(MetricsText(release))).Append(" | ");
                    foreach (var gate in gates) md.Append(GateResult(release, gate)).Append(" | ");
                    md.Append(release.Provenance is { } provenance
                            ? $"[{Cell(provenance)}]({Link(report, reportFolder, provenance)}) sha256 `{release.ProvenanceSha256}`"
                            : "missing").Append(" | ")
                      .Append(release.Notes is { } notes ? $"[{Cell(notes)}]({Link(report, reportFolder, notes)})" : "-").Append(" |\n");
                }
            }
        }

        md.Append("\n## What is missing\n\n");
        var missing = report.Missing.ToList();
        if (missing.Count == 0) md.Append("Nothing: every check is satisfied by the records.\n");
        foreach (var check in missing) md.Append("- ").Append(check.Control).Append(": ").Append(check.Requirement).Append(" — ").Append(check.Remedy).Append('\n');
        md.Append("\nEvery number above is computed from the project's gryt database, snapshots and release files at the time of the report.\n");
        return md.ToString();
    }

    public static string Html(ComplianceReport report, string reportFolder)
    {
        ArgumentNullException.ThrowIfNull(report);
        static string E(string? value) => HtmlExportWriter.E(value);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Compliance report: ").Append(E(report.Project)).Append(" (NIST SP 800-161)</title>\n<style>").Append(HtmlExportWriter.Style)
            .Append(".met{color:#1a7f37}.partly-met{color:#9a6700}.not-met{color:#cf222e}li.check{list-style:none;margin-left:-1.2rem}</style></head>\n<body>\n");
        html.Append("<h1>Supply chain compliance report: ").Append(E(report.Project)).Append("</h1>\n");
        html.Append("<p class=\"meta\">").Append(E(Standard)).Append("<br>Generated ").Append(E(Time(report.GeneratedAt))).Append(" by ").Append(E(report.GeneratedBy))
            .Append(" with gryt ").Append(E(report.GrytVersion)).Append("</p>\n");
        html.Append("<div class=\"cards\"><div class=\"card\">Overall<b>").Append(report.Score).Append(" %</b></div><div class=\"card\">Checks satisfied<b>")
            .Append(report.Passed).Append(" / ").Append(report.Total).Append("</b></div><div class=\"card\">Releases<b>").Append(report.Releases.Count)
            .Append("</b></div><div class=\"card\">Audit chain<b>").Append(report.Chain.Intact ? "verified" : "BROKEN").Append("</b></div></div>\n");
        html.Append("<h2>Summary by control family</h2>\n<table><thead><tr><th>Family</th><th>Controls</th><th>Checks</th><th>Score</th><th>Status</th></tr></thead><tbody>\n");
        foreach (var family in report.Families)
        {
            html.Append("<tr><td><a href=\"#").Append(E(family.Key)).Append("\">").Append(E(family.Title)).Append("</a></td><td>").Append(E(family.Controls)).Append("</td><td>")
                .Append(family.Passed).Append(" / ").Append(family.Checks.Count).Append("</td><td>").Append(family.Score).Append(" %</td><td class=\"")
                .Append(family.Status.Replace(' ', '-')).Append("\">").Append(E(family.Status)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
        var number = 0;
        foreach (var family in report.Families)
        {
            html.Append("<section id=\"").Append(E(family.Key)).Append("\">\n<h2>").Append(++number).Append(". ").Append(E(family.Title)).Append(" <span class=\"meta\">(")
                .Append(E(family.Controls)).Append(")</span></h2>\n<p>").Append(E(family.Summary)).Append("</p>\n<ul>\n");
            foreach (var check in family.Checks)
            {
                html.Append("<li class=\"check\"><span class=\"").Append(check.Passed ? "ok\">✔" : "bad\">✘").Append("</span> <b>").Append(E(check.Control)).Append("</b> ")
                    .Append(E(check.Requirement)).Append(": ").Append(E(check.Evidence)).Append("</li>\n");
            }

            html.Append("</ul>\n");
            if (family.Key == "change-management" && report.Releases.Count > 0)
            {
                var gates = GateNames(report);
                html.Append("<table><thead><tr><th>Release</th><th>Status</th><th>Promoted</th><th>By</th><th>Commit</th><th>Tag in git</th><th>Changes proven</th><th>Passing evolutions</th><th>Dirty proofs</th><th>Metrics</th>")
                    .Append(string.Concat(gates.Select(g => "<th>Gate <code>" + E(g) + "</code></th>"))).Append("<th>Provenance</th><th>Notes</th></tr></thead><tbody>\n");
                foreach (var release in report.Releases)
                {
                    html.Append("<tr><td><code>").Append(E(release.Tag)).Append("</code>").Append(release.HotfixOf is null ? "" : " <span class=\"meta\">hotfix of " + E(release.HotfixOf) + "</span>")
                        .Append("</td><td").Append(release.Revoked ? " class=\"bad\"" : "").Append('>').Append(E(StatusText(release)))
                        .Append("</td><td>").Append(E(release.PromotedAt ?? "–")).Append("</td><td>").Append(E(release.PromotedBy ?? "–")).Append("</td><td><code>")
                        .Append(E(ShortSha(release.Commit))).Append("</code></td><td class=\"").Append(release.TagProblem is null ? "ok\">verified" : "bad\">" + E(release.TagProblem))
                        .Append("</td><td>").Append(release.ChangesProven).Append(" / ").Append(release.Changes).Append("</td><td>")
                        .Append(release.PassingEvolutions).Append("</td><td").Append(release.DirtyProofs == 0 ? ">" : " class=\"bad\">").Append(release.DirtyProofs).Append("</td><td>")
                        .Append(E(MetricsText(release))).Append("</td>");
                    foreach (var gate in gates)
                    {
                        var result = GateResult(release, gate);
                        html.Append("<td class=\"").Append(result == "pass" ? "ok" : result == "fail" ? "bad" : "meta").Append("\">").Append(result).Append("</td>");
                    }

                    html.Append("<td>");
                    if (release.Provenance is { } provenance)
                    {
                        html.Append("<a href=\"").Append(E(Link(report, reportFolder, provenance))).Append("\"><code>").Append(E(provenance)).Append("</code></a><br><span class=\"meta\">sha256 <code>")
                            .Append(E(release.ProvenanceSha256)).Append("</code></span>");
                    }
                    else
                    {
                        html.Append("<span class=\"bad\">missing</span>");
                    }

                    html.Append("</td><td>");
                    if (release.Notes is { } notes) html.Append("<a href=\"").Append(E(Link(report, reportFolder, notes))).Append("\"><code>").Append(E(notes)).Append("</code></a>");
                    else html.Append('–');
                    html.Append("</td></tr>\n");
                }

                html.Append("</tbody></table>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("<h2>What is missing</h2>\n<ul>\n");
        var missing = report.Missing.ToList();
        if (missing.Count == 0) html.Append("<li>Nothing: every check is satisfied by the records.</li>\n");
        foreach (var check in missing) html.Append("<li><b>").Append(E(check.Control)).Append("</b> ").Append(E(check.Requirement)).Append(" — ").Append(E(check.Remedy)).Append("</li>\n");
        html.Append("</ul>\n<p class=\"meta\">Every number above is computed from the project's gryt database, snapshots and release files at the time of the report.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// A link from the report to a file shown relative to the project root: relative when the report is
    /// saved inside the project (the two move together), else an absolute <c>file://</c> URI, so the link
    /// works wherever the report is saved. The SHA-256 beside it identifies the file if it moves anyway.
    /// </summary>
    internal static string Link(ComplianceReport report, string? reportFolder, string shown)
    {
        var root = report.ProjectRoot ?? reportFolder ?? Directory.GetCurrentDirectory();
        var target = Path.GetFullPath(shown, root);
        var folder = reportFolder is null ? root : Path.GetFullPath(reportFolder);
        var inside = Path.GetRelativePath(root, folder) is var up && !up.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(up);
        if (inside) return string.Join('/', Path.GetRelativePath(folder, target).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
        return new Uri(target).AbsoluteUri;
    }

    /// <summary>Every gate name any promotion recorded, in first-seen order: one column each.</summary>
    private static List<string> GateNames(ComplianceReport report) =>
        report.Releases.SelectMany(r => r.Gates).Select(g => g.Gate).Distinct(StringComparer.Ordinal).ToList();

    private static string GateResult(ReleaseFacts release, string gate) =>
        release.Gates.FirstOrDefault(g => g.Gate == gate) is { } result ? (result.Passed ? "pass" : "fail") : "not recorded";

    private static string MetricsText(ReleaseFacts release) =>
        release.Metrics.Count == 0 ? "-" : string.Join(", ", release.Metrics.Select(m => m.Name + " " + m.Value.ToString("0.##", CultureInfo.InvariantCulture)));

    private static string StatusText(ReleaseFacts release) =>
        release.Revoked ? $"revoked {release.RevokedAt} by {release.RevokedBy ?? "-"}: {release.RevokedReason ?? "no reason recorded"}" : "promoted";

    /// <summary>A Markdown table cell: pipes escaped, one line.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string ShortSha(string? sha) => sha is null ? "-" : sha[..Math.Min(12, sha.Length)];

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
