using System.Globalization;
using System.Net;
using System.Text;
using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>
/// The HTML export: one self-contained page for a reviewer (inline CSS, readable in print):
/// the releases, their changes, the evolutions that proved them with their runs and steps, and
/// the audit events. Every value is HTML-escaped.
/// </summary>
internal sealed class HtmlExportWriter(Stream stream) : ExportWriter
{
    internal const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;color:#1b1f24;line-height:1.4;padding:0 1rem}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
        h3{font-size:1rem;margin:1rem 0 .3rem}table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem;font-size:.85rem}
        th,td{border:1px solid #d0d7de;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
        .meta{color:#57606a;font-size:.85rem}.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:1rem 0}
        .card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:8rem}.card b{display:block;font-size:1.3rem}
        .status{font-weight:600}.status-pass,.status-promoted,.ok{color:#1a7f37}.status-fail,.status-revoked,.bad{color:#cf222e}
        .status-pending,.status-running,.status-draft{color:#9a6700}.status-interrupted,.status-abandoned,.status-skipped{color:#57606a}
        .steps td{background:#fbfbfc}.steps ul{margin:.2rem 0;padding-left:1.2rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;font-size:.9rem}
        dt{font-weight:600}dd{margin:0}
        @media print{body{margin:0;max-width:none;font-size:10pt}section.generation{break-inside:avoid-page}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
        """;

    private readonly StreamWriter _html = new(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
    private bool _stepsOpen;
    private bool _anySteps;
    private bool _metricsOpen;
    private bool _evolutionsOpen;
    private bool _checksOpen;
    private bool _runsOpen;

    public override void Begin(ExportHeader header)
    {
        var s = header.Summary;
        var passRate = s.Passed + s.Failed == 0 ? "–" : (100.0 * s.Passed / (s.Passed + s.Failed)).ToString("0.#", CultureInfo.InvariantCulture) + " %";
        _html.WriteLine("<!DOCTYPE html>");
        _html.WriteLine("<html lang=\"en\">");
        _html.WriteLine("<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        _html.WriteLine("<title>gryt audit trail</title>");
        _html.Write("<style>");
        _html.Write(Style);
        _html.WriteLine("</style></head>");
        _html.WriteLine("<body>");
        _html.WriteLine("<h1>Audit trail</h1>");
        _html.WriteLine($"<p class=\"meta\">Exported {E(header.ExportedAt)} by {E(header.ExportedBy)} with gryt {E(header.GrytVersion)}"
            + (header.Version is null ? "" : $" · version {E(header.Version)}") + (header.Since is null ? "" : $" · since {E(header.Since)}") + "</p>");
        _html.WriteLine("<div class=\"cards\">");
        Card("Generations", s.Generations.ToString(CultureInfo.InvariantCulture));
        Card("Promoted", s.Promoted.ToString(CultureInfo.InvariantCulture));
        Card("Evolutions", s.Evolutions.ToString(CultureInfo.InvariantCulture));
        Card("Passed / failed", $"{s.Passed} / {s.Failed}");
        Card("Pass rate", passRate);
        Card("Audit chain", header.Chain.Intact ? "verified" : "BROKEN");
        _html.WriteLine("</div>");
        WriteChain(header.Chain);
    }

    public override void BeginGenerations() => _html.WriteLine("<h2>Releases</h2>");

    public override void BeginGeneration(ExportGeneration generation)
    {
        _html.WriteLine("<section class=\"generation\">");
        _html.WriteLine($"<h2 id=\"{E(generation.Version)}\">{E(generation.Version)} <span class=\"status status-{E(generation.Status)}\">{E(generation.Status)}</span></h2>");
        _html.WriteLine("<dl>");
        Term("Description", generation.Description);
        if (generation.BaseVersion is not null) Term("Hotfix of", generation.BaseVersion);
        Term("Created", $"{generation.CreatedAt} by {generation.CreatedBy ?? "–"}");
        if (generation.PromotedAt is not null)
        {
            Term("Promoted", $"{generation.PromotedAt} by {generation.PromotedBy ?? "–"}");
            _html.WriteLine($"<dt>Release tag</dt><dd><code>{E(generation.ReleaseTag)}</code> at <code>{E(generation.PromotedCommit ?? "–")}</code></dd>");
        }

        if (generation.RevokedAt is not null)
        {
            _html.WriteLine($"<dt>Revoked</dt><dd class=\"bad\">{E(generation.RevokedAt)} by {E(generation.RevokedBy ?? "–")}: {E(generation.RevokedReason ?? "no reason recorded")}</dd>");
        }

        Term("Pipeline template", generation.PipelineTemplate);
        Term("Contract revision", generation.Revision.ToString(CultureInfo.InvariantCulture));
        _html.WriteLine("</dl>");
        if (generation.Gates.Count > 0)
        {
            // One column per gate, as the promotion recorded them.
            _html.WriteLine("<h3>Gate results at promotion</h3>");
            _html.WriteLine("<table><thead><tr>" + string.Concat(generation.Gates.Select(g => $"<th>{E(g.Gate)}</th>")) + "</tr></thead><tbody><tr>"
                + string.Concat(generation.Gates.Select(g => $"<td><span class=\"{(g.Passed ? "ok\">pass" : "bad\">fail")}</span>{(g.Message is null ? "" : "<br><span class=\"meta\">" + E(g.Message) + "</span>")}</td>"))
                + "</tr></tbody></table>");
        }

        _html.WriteLine("<h3>Changes</h3>");
        _html.WriteLine("<table><thead><tr><th>ID</th><th>Type</th><th>Title</th><th>Pipeline</th></tr></thead><tbody>");
    }

    public override void Change(ExportGeneration generation, ExportChange change) =>
        _html.WriteLine($"<tr><td><code>{E(change.ChangeId)}</code></td><td>{E(change.Type)}</td><td>{E(change.Title)}{(change.Description is null ? "" : "<br><span class=\"meta\">" + E(change.Description) + "</span>")}</td><td>{E(change.Pipeline ?? generation.PipelineTemplate ?? "–")}</td></tr>");

    public override void BeginEvolutions(ExportGeneration generation)
    {
        _html.WriteLine("</tbody></table>");
        _evolutionsOpen = false;
    }

    public override void BeginEvolution(ExportGeneration generation, ExportEvolution evolution)
    {
        if (!_evolutionsOpen)
        {
            _html.WriteLine("<h3>Evolutions</h3>");
            _html.WriteLine("<table><thead><tr><th>Tag</th><th>Status</th><th>Changes</th><th>Pipeline</th><th>Commit</th><th>Started</th><th>Completed</th><th>Notes</th></tr></thead><tbody>");
            _evolutionsOpen = true;
        }

        _html.WriteLine($"<tr><td><code>{E(evolution.Tag)}</code></td><td class=\"status status-{E(evolution.Status)}\">{E(evolution.Status)}</td><td>{E(string.Join(", ", evolution.ChangeIds))}</td><td>{E(evolution.PipelineName ?? "–")}</td><td><code>{E(evolution.CommitSha ?? "–")}</code></td><td>{E(evolution.StartedAt)}</td><td>{E(evolution.CompletedAt ?? "–")}</td><td>{Notes(evolution)}</td></tr>");
        if (evolution.Run is { } run)
        {
            _html.Write("<tr class=\"steps\"><td colspan=\"8\">");
            RunLine(run);
            OpenRun();
        }
    }

    public override void Step(ExportEvolution? evolution, ExportRun run, ExportStep step)
    {
        if (!_stepsOpen)
        {
            _html.Write("<ul>");
            _stepsOpen = true;
            _anySteps = true;
        }

        var facts = new List<string>();
        if (step.ExitCode is { } code) facts.Add("exit " + code.ToString(CultureInfo.InvariantCulture));
        if (step.DurationMs is { } ms) facts.Add(ms.ToString(CultureInfo.InvariantCulture) + " ms");
        if (step.Attempts > 1) facts.Add(step.Attempts.ToString(CultureInfo.InvariantCulture) + " attempts");
        _html.Write($"<li>{E(step.StepName)}: <span class=\"status status-{E(step.Status)}\">{E(step.Status)}</span>{(facts.Count == 0 ? "" : " (" + E(string.Join(", ", facts)) + ")")}{(step.Command is null ? "" : " command <code>" + E(step.Command) + "</code>")}{(step.LogPath is null ? "" : " log <code>" + E(step.LogPath) + "</code>")}</li>");
    }

    public override void BeginMetrics(ExportRun run)
    {
        if (_stepsOpen) _html.Write("</ul>");
        else if (!_anySteps) _html.Write(" · no steps recorded");
        _stepsOpen = false;
    }

    public override void Metric(ExportEvolution? evolution, ExportRun run, ExportMetric metric)
    {
        _html.Write(_metricsOpen ? ", " : "<div class=\"meta\">Metrics and artifacts: ");
        _metricsOpen = true;
        var what = metric.Name is null
            ? $"artifact <code>{E(metric.ArtifactPath)}</code>"
            : $"{E(metric.Name)} = <b>{E(metric.Value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "–")}</b>";
        _html.Write(what + (metric.StepName is null && metric.Source is null ? "" : $" <span>({E(string.Join(", ", new[] { metric.StepName, metric.Source }.Where(x => x is not null)))})</span>"));
    }

    public override void EndEvolution(ExportEvolution evolution)
    {
        if (evolution.Run is null) return;
        CloseRun();
    }

    public override void BeginPolicyChecks(ExportGeneration generation)
    {
        if (_evolutionsOpen) _html.WriteLine("</tbody></table>");
        else _html.WriteLine("<p class=\"meta\">No evolutions.</p>");
        _evolutionsOpen = false;
        _checksOpen = false;
    }

    public override void PolicyCheck(ExportGeneration generation, ExportPolicyCheck check)
    {
        if (!_checksOpen)
        {
            _html.WriteLine("<h3>Policy checks</h3>");
            _html.WriteLine("<table><thead><tr><th>Policy</th><th>Change</th><th>Evolution</th><th>Pipeline</th><th>Result</th><th>Missing steps</th><th>Checked</th></tr></thead><tbody>");
            _checksOpen = true;
        }

        _html.WriteLine($"<tr><td>{E(check.PolicyName)}</td><td><code>{E(check.ChangeId ?? "–")}</code></td><td><code>{E(check.EvolutionTag ?? "–")}</code></td><td>{E(check.PipelineName ?? "–")}</td><td class=\"{(check.Passed ? "ok\">pass" : "bad\">fail")}</td><td>{E(check.MissingSteps ?? "–")}</td><td>{E(check.CheckedAt)}</td></tr>");
    }

    public override void EndGeneration(ExportGeneration generation)
    {
        if (_checksOpen) _html.WriteLine("</tbody></table>");
        _checksOpen = false;
        _html.WriteLine("</section>");
    }

    public override void BeginRun(ExportRun run)
    {
        if (!_runsOpen)
        {
            _html.WriteLine("<h2>Runs without an evolution</h2>");
            _html.WriteLine("<table><tbody>");
            _runsOpen = true;
        }

        _html.Write("<tr class=\"steps\"><td>");
        RunLine(run);
        OpenRun();
    }

    public override void EndRun(ExportRun run) => CloseRun();

    public override void EndRuns()
    {
        if (_runsOpen) _html.WriteLine("</tbody></table>");
    }

    public override void BeginEvents()
    {
        _html.WriteLine("<h2>Audit events</h2>");
        _html.WriteLine("<table><thead><tr><th>#</th><th>Time</th><th>Event</th><th>Resource</th><th>Action</th><th>Actor</th><th>Details</th><th>Hash</th></tr></thead><tbody>");
    }

    public override void Event(StoredAuditEvent auditEvent) =>
        _html.WriteLine($"<tr><td>{auditEvent.Seq.ToString(CultureInfo.InvariantCulture)}</td><td>{E(auditEvent.Timestamp)}</td><td>{E(auditEvent.EventType)}</td><td>{E(auditEvent.ResourceType)} <code>{E(auditEvent.ResourceId)}</code></td><td>{E(auditEvent.Action)}</td><td>{E(auditEvent.Actor)}</td><td><code>{E(auditEvent.DetailsJson)}</code></td><td><code>{E(auditEvent.Hash)}</code></td></tr>");

    public override void EndEvents() => _html.WriteLine("</tbody></table>");

    public override void End(ExportHeader header)
    {
        _html.WriteLine($"<p class=\"meta\">Head of the audit chain: <code>{E(header.Chain.HeadHash)}</code>. Each event's hash is SHA-256 over the previous hash and its fields; see docs/audit.md to recompute it.</p>");
        _html.WriteLine("</body>");
        _html.WriteLine("</html>");
        _html.Flush();
    }

    public override void Dispose() => _html.Dispose();

    private void WriteChain(ChainVerification chain)
    {
        if (chain.FirstBreak is { } broken)
        {
            _html.WriteLine($"<p class=\"bad\"><b>The audit chain is broken</b> at event #{broken.Seq.ToString(CultureInfo.InvariantCulture)} (<code>{E(broken.EventId)}</code>, {E(broken.EventType)}, {E(broken.Timestamp)}): {E(broken.Message)}.</p>");
        }
        else
        {
            _html.WriteLine(chain.From is { } from
                ? $"<p class=\"ok\">The audit chain of {E(Counted.Of(chain.Events, "event"))} verifies from the checkpoint at event #{from.Seq.ToString(CultureInfo.InvariantCulture)} "
                    + $"(verified {E(from.VerifiedAt)}; the whole chain was last walked {E(from.WholeChainAt)}): that event is unchanged and the {E(Counted.Of(chain.Checked, "event"))} after it "
                    + "were checked now. An edit before the checkpoint is found by <code>gryt audit verify</code> or an export with <code>--verify-all</code>.</p>"
                : $"<p class=\"ok\">The audit chain of {E(Counted.Of(chain.Events, "event"))} verifies: no event was edited, inserted or deleted.</p>");
        }
    }

    private void OpenRun()
    {
        _stepsOpen = false;
        _anySteps = false;
        _metricsOpen = false;
    }

    private void CloseRun()
    {
        _html.WriteLine(_metricsOpen ? "</div></td></tr>" : "</td></tr>");
        _metricsOpen = false;
    }

    private static string Notes(ExportEvolution evolution)
    {
        var notes = new List<string>();
        if (evolution.DirtyProof) notes.Add("<span class=\"bad\">proven on a working tree with uncommitted changes</span>");
        else if (evolution.Run is { Dirty: true }) notes.Add("working tree had uncommitted changes");
        if (evolution.Reason is not null) notes.Add(E(evolution.Reason));
        return notes.Count == 0 ? "" : string.Join("<br>", notes);
    }

    private void RunLine(ExportRun run)
    {
        _html.Write($"Run <code>{E(run.RunId)}</code> of <b>{E(run.PipelineName)}</b>: <span class=\"status status-{E(run.Status)}\">{E(run.Status)}</span>, {E(run.StartedAt)} – {E(run.EndedAt ?? "…")}");
        if (run.CommitSha is not null) _html.Write($" at <code>{E(run.CommitSha)}</code>");
        if (run.Dirty) _html.Write(" <span class=\"bad\">(uncommitted changes)</span>");
        if (run.Actor is not null) _html.Write($" by {E(run.Actor)}");
    }

    private void Card(string label, string value) => _html.WriteLine($"<div class=\"card\">{E(label)}<b>{E(value)}</b></div>");

    private void Term(string name, string? value)
    {
        if (value is null) return;
        _html.WriteLine($"<dt>{E(name)}</dt><dd>{E(value)}</dd>");
    }

    internal static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
