using System.Globalization;
using System.Text;
using Gryt.Cli.Rendering;
using Gryt.Contracts;
using Gryt.Dashboard;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gryt.Cli.Commands.DashboardCommands;

/// <summary>
/// Draws one screen of the dashboard at a given size: a header line, the five panels, and the key
/// hints on the bottom line. Every text from the database is made safe (control and bidirectional
/// control characters shown as U+FFFD) and cut to its column, so a hostile title can neither move
/// the cursor, reorder the line nor push the panels apart.
/// </summary>
internal static class DashboardScreen
{
    public const string Hints = "↑↓/jk move  Tab panel  Enter open  Esc back  / filter  r refresh  ? help  q quit";

    /// <summary>The keys, for <c>?</c> and docs/dashboard.md.</summary>
    public static readonly (string Keys, string What)[] Keys =
    [
        ("↑ ↓  j k", "move in the focused panel (PgUp PgDn, Home End, g G)"),
        ("Tab  Shift-Tab  1-5", "next, previous, or that panel"),
        ("Enter", "generation: changes; change: in full; evolution: its run"),
        ("Esc", "back: close, clear the filter, leave the evolution's run"),
        ("/", "filter the focused panel (Enter keeps it, Esc clears it)"),
        ("r", "read everything again, and verify the audit chain again"),
        ("?", "this help (any key closes it)"),
        ("q  Ctrl-C", "quit"),
    ];

    /// <summary>The screen as text lines of exactly <paramref name="width"/> cells, <paramref name="height"/> of them; ANSI styles when <paramref name="ansi"/>.</summary>
    public static string Render(DashboardView view, string project, int width, int height, bool ansi, bool colors)
    {
        width = Math.Max(width, 40);
        height = Math.Max(height, 12);
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi && colors ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Profile.Capabilities.Unicode = true;
        console.Write(Layout(view, project, width, height, colors));
        return writer.ToString().TrimEnd('\n');
    }

    private static Layout Layout(DashboardView view, string project, int width, int height, bool colors)
    {
        var body = height - 2;
        var root = new Layout("root").SplitRows(
            new Layout("header", Line(Header(view, project), width, Style(colors, "bold"))).Size(1),
            new Layout("body").Size(body),
            new Layout("footer", Footer(view, width, colors)).Size(1));

        if (view.Help)
        {
            root["body"].Update(Box("Keys", true, HelpLines(width - 2), width, body, colors));
            return root;
        }

        var left = width * 9 / 20;
        var right = width - left;
        var generations = body / 2;
        var evolutions = Math.Max(4, body * 3 / 10);
        var audit = Math.Max(4, body * 3 / 10);
        var run = body - evolutions - audit;
        root["body"].SplitColumns(
            new Layout("left").Size(left).SplitRows(
                new Layout(GenerationsBox(view, left, generations, colors)).Size(generations),
                new Layout(ChangesBox(view, left, body - generations, colors)).Size(body - generations)),
            new Layout("right").Size(right).SplitRows(
                new Layout(EvolutionsBox(view, right, evolutions, colors)).Size(evolutions),
                new Layout(RunBox(view, right, run, colors)).Size(run),
                new Layout(AuditBox(view, right, audit, colors)).Size(audit)));
        return root;
    }

    private static string Header(DashboardView view, string project)
    {
        var snapshot = view.Snapshot;
        if (snapshot is null) return $"gryt dashboard · {Safe(project)} · reading…";
        var chain = snapshot.Audit.Chain is { } c ? (c.Intact ? "audit chain intact" : "AUDIT CHAIN BROKEN") : "audit chain not verified yet";
        return $"gryt dashboard · {Safe(project)} · {Counted.Of((int)Math.Min(snapshot.GenerationCount, int.MaxValue), "generation")} · {chain} · {snapshot.ReadAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC";
    }

    private static Paragraph Footer(DashboardView view, int width, bool colors)
    {
        if (view.Filtering) return Line($"filter {view.Focus.ToString().ToLowerInvariant()}: {view.FilterOf(view.Focus)}▏  Enter keep  Esc clear", width, Style(colors, "bold"));
        if (view.Error is { } error) return Line("error: " + Safe(error), width, Style(colors, "red"));
        return Line(Hints, width, Style(colors, "grey"));
    }

    private static Panel GenerationsBox(DashboardView view, int width, int height, bool colors)
    {
        var inner = width - 2;
        var rows = view.Generations();
        var status = 9;
        var gates = 11;
        var evolutions = 4;
        var version = Math.Max(4, inner - 2 - status - gates - evolutions);
        var lines = new List<IRenderable> { Columns(colors, inner, false, ("  VERSION", version + 2, null), ("STATUS", status, null), ("GATES", gates, null), ("EVOS", evolutions, null)) };
        lines.AddRange(Window(rows, view.Cursor(DashboardPanel.Generations), height - 3).Select(item => Columns(colors, inner,
            Selected(view, DashboardPanel.Generations, item.Index, rows[item.Index].GenerationId == view.GenerationId),
            (Marker(item.Index == view.Cursor(DashboardPanel.Generations)) + Safe(item.Row.Version), version + 2, null),
            (item.Row.Status, status, Output.StatusStyle(item.Row.Status)),
            (view.Snapshot!.GatesOf(item.Row.GenerationId), gates, view.Snapshot.GatesOf(item.Row.GenerationId) == "ready" ? "green" : null),
            (item.Row.Evolutions.ToString(CultureInfo.InvariantCulture), evolutions, null))));
        if (rows.Count == 0) lines.Add(Line(view.Snapshot is null ? "" : "  no generations" + FilterNote(view, DashboardPanel.Generations), inner, null));
        var shown = view.Snapshot is { } s && s.GenerationCount > s.Generations.Count ? $" (newest {s.Generations.Count} of {s.GenerationCount})" : "";
        return Box("1 Generations" + shown + FilterNote(view, DashboardPanel.Generations), view.Focus == DashboardPanel.Generations, lines, width, height, colors);
    }

    private static Panel ChangesBox(DashboardView view, int width, int height, bool colors)
    {
        var inner = width - 2;
        var version = view.Snapshot?.Generation?.Version is { } v ? " of " + Safe(v) : "";
        var focused = view.Focus == DashboardPanel.Changes;
        if (view.Detail is { } change)
        {
            var text = new List<IRenderable>
            {
                Line($"{Safe(change.ChangeId)} · {change.Type} · {change.State.ToWord()}", inner, Style(colors, Output.StatusStyle(change.State.ToWord()))),
            };
            text.AddRange(Wrap(Safe(change.Title), inner).Take(height - 4).Select(l => Line(l, inner, null)));
            return Box("2 Change" + version + " (Esc back)", focused, text, width, height, colors);
        }

        var rows = view.Changes();
        var state = 9;
        var id = Math.Min(12, Math.Max(6, rows.Count == 0 ? 6 : rows.Max(c => c.ChangeId.GetCellWidth()) + 1));
        var title = Math.Max(4, inner - 2 - state - id);
        var lines = new List<IRenderable>();
        lines.AddRange(Window(rows, view.Cursor(DashboardPanel.Changes), height - 2).Select(item => Columns(colors, inner,
            Selected(view, DashboardPanel.Changes, item.Index, false),
            (Marker(focused && item.Index == view.Cursor(DashboardPanel.Changes)) + item.Row.State.ToWord(), state + 2, Output.StatusStyle(item.Row.State.ToWord())),
            (Safe(item.Row.ChangeId), id, null),
            (Safe(item.Row.Title), title, null))));
        if (rows.Count == 0 && view.Snapshot?.Generation is not null) lines.Add(Line("  no changes" + FilterNote(view, DashboardPanel.Changes), inner, null));
        return Box("2 Changes" + version + FilterNote(view, DashboardPanel.Changes), focused, lines, width, height, colors);
    }

    private static Panel EvolutionsBox(DashboardView view, int width, int height, bool colors)
    {
        var inner = width - 2;
        var version = view.Snapshot?.Generation?.Version is { } v ? " of " + Safe(v) : "";
        var rows = view.Evolutions();
        var focused = view.Focus == DashboardPanel.Evolutions;
        var status = 12;
        var changes = 3;
        var commit = 8;
        var time = 11;
        var rc = Math.Max(4, inner - 2 - status - changes - commit - time);
        var lines = new List<IRenderable>();
        lines.AddRange(Window(rows, view.Cursor(DashboardPanel.Evolutions), height - 2).Select(item => Columns(colors, inner,
            Selected(view, DashboardPanel.Evolutions, item.Index, item.Row.EvolutionId == view.EvolutionId),
            (Marker(focused && item.Index == view.Cursor(DashboardPanel.Evolutions)) + "rc." + item.Row.RcNumber.ToString(CultureInfo.InvariantCulture), rc + 2, null),
            (item.Row.Status, status, Output.StatusStyle(item.Row.Status)),
            (item.Row.Changes.ToString(CultureInfo.InvariantCulture), changes, null),
            (Safe(Short(item.Row.CommitSha)), commit, null),
            (item.Row.StartedAt.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), time, null))));
        if (rows.Count == 0 && view.Snapshot?.Generation is not null) lines.Add(Line("  no evolutions yet" + FilterNote(view, DashboardPanel.Evolutions), inner, null));
        return Box("3 Evolutions" + version + FilterNote(view, DashboardPanel.Evolutions), focused, lines, width, height, colors);
    }

    private static Panel RunBox(DashboardView view, int width, int height, bool colors)
    {
        var inner = width - 2;
        var focused = view.Focus == DashboardPanel.Run;
        var run = view.Snapshot?.Run;
        if (run is null) return Box("4 Run", focused, [Line(view.Snapshot is null ? "" : "  no runs yet", inner, null)], width, height, colors);

        var title = $"4 Run {Safe(run.PipelineName)} · {run.Status}{(run.CommitSha is null ? "" : " · " + Short(run.CommitSha))}{(run.Dirty ? " dirty" : "")}"
            + (view.EvolutionId is not null ? " (Esc back)" : "") + FilterNote(view, DashboardPanel.Run);
        var steps = view.Steps();
        var room = height - 2;
        var tailRoom = run.Tail.Count == 0 ? 0 : Math.Max(1, room - Math.Min(steps.Count, Math.Max(1, room / 2)) - 1);
        var duration = 8;
        var status = 12;
        var name = Math.Max(4, inner - 2 - status - duration);
        var lines = new List<IRenderable>();
        lines.AddRange(Window(steps, view.Cursor(DashboardPanel.Run), room - (tailRoom == 0 ? 0 : tailRoom + 1)).Select(item => Columns(colors, inner,
            Selected(view, DashboardPanel.Run, item.Index, false),
            (Marker(focused && item.Index == view.Cursor(DashboardPanel.Run)) + Safe(item.Row.Name), name + 2, null),
            (item.Row.Status, status, Output.StatusStyle(item.Row.Status)),
            (Duration(item.Row.Duration), duration, null))));
        if (tailRoom > 0)
        {
            lines.Add(Line($"── output of {Safe(run.TailStep ?? "")} " + new string('─', inner), inner, Style(colors, "grey")));
            lines.AddRange(run.Tail.TakeLast(tailRoom).Select(l => Line(Safe(l), inner, null)));
        }

        return Box(title, focused, lines, width, height, colors);
    }

    private static Panel AuditBox(DashboardView view, int width, int height, bool colors)
    {
        var inner = width - 2;
        var focused = view.Focus == DashboardPanel.Audit;
        var lines = new List<IRenderable>();
        var audit = view.Snapshot?.Audit;
        if (audit?.Chain is { } chain)
        {
            lines.Add(chain.FirstBreak is { } broken
                ? Line("chain BROKEN: " + Safe(broken.Message), inner, Style(colors, "red bold"))
                : Line($"chain intact · {Counted.Of((int)Math.Min(chain.Events, int.MaxValue), "event")} verified", inner, Style(colors, "green")));
        }
        else
        {
            lines.Add(Line(audit is null ? "" : "chain not verified yet", inner, null));
        }

        var rows = view.Events();
        var seq = 5;
        var time = 12;
        var type = Math.Min(22, inner - 2 - seq - time);
        var actor = inner - 2 - seq - time - type;
        if (actor < 10) (type, actor) = (type + actor, 0);
        lines.AddRange(Window(rows, view.Cursor(DashboardPanel.Audit), height - 3).Select(item => Columns(colors, inner,
            Selected(view, DashboardPanel.Audit, item.Index, false),
            (Marker(focused && item.Index == view.Cursor(DashboardPanel.Audit)) + "#" + item.Row.Seq.ToString(CultureInfo.InvariantCulture), seq + 2, null),
            (Output.Time(item.Row.Timestamp)[5..], time, null),
            (Safe(item.Row.EventType), type, null),
            (Safe(item.Row.Actor), actor, null))));
        return Box("5 Audit" + FilterNote(view, DashboardPanel.Audit), focused, lines, width, height, colors);
    }

    private static List<IRenderable> HelpLines(int inner)
    {
        var lines = new List<IRenderable> { Line("Read-only: what other gryt commands record, as they record it.", inner, null), Line("", inner, null) };
        lines.AddRange(Keys.Select(k => Line($"  {k.Keys,-20}{k.What}", inner, null)));
        lines.Add(Line("", inner, null));
        lines.Add(Line("Any key closes this help.", inner, null));
        return lines;
    }

    /// <summary>The rows of a list that fit in <paramref name="room"/> lines, scrolled so that the cursor is on screen.</summary>
    private static IEnumerable<(int Index, T Row)> Window<T>(IReadOnlyList<T> rows, int cursor, int room)
    {
        if (room <= 0) yield break;
        var first = Math.Max(0, Math.Min(cursor - room + 1, rows.Count - room));
        for (var i = first; i < rows.Count && i < first + room; i++) yield return (i, rows[i]);
    }

    private static bool Selected(DashboardView view, DashboardPanel panel, int index, bool chosen) =>
        chosen || (view.Focus == panel && view.Cursor(panel) == index);

    private static string Marker(bool cursor) => cursor ? "> " : "  ";

    private static string FilterNote(DashboardView view, DashboardPanel panel) =>
        view.FilterOf(panel) is { Length: > 0 } filter ? $" /{Safe(filter)}" : "";

    private static Panel Box(string title, bool focused, IReadOnlyList<IRenderable> lines, int width, int height, bool colors)
    {
        var content = lines.Take(Math.Max(0, height - 2)).ToList();
        while (content.Count < height - 2) content.Add(new Text(" "));
        var header = Fit((focused ? "▶ " : "") + title, width - 4).TrimEnd();
        return new Panel(new Rows(content))
        {
            Header = new PanelHeader(Markup.Escape(header)),
            Border = focused ? BoxBorder.Double : BoxBorder.Rounded,
            BorderStyle = focused ? Style(colors, "cyan") : Style(colors, "grey"),
            Padding = new Padding(0, 0, 0, 0),
            Expand = true,
            Height = height,
        };
    }

    /// <summary>One row of cells, each cut or padded to its width, and the row to <paramref name="inner"/> cells.</summary>
    private static Paragraph Columns(bool colors, int inner, bool selected, params (string Text, int Width, string? Style)[] cells)
    {
        var paragraph = new Paragraph();
        var left = inner;
        foreach (var (text, cellWidth, style) in cells)
        {
            var width = Math.Min(cellWidth, left);
            if (width <= 0) break;
            left -= width;
            var look = Style(colors, style) ?? Spectre.Console.Style.Plain;
            if (selected) look = look.Combine(new Style(decoration: Decoration.Invert));
            paragraph.Append(Fit(text, width), look);
        }

        return paragraph;
    }

    private static Paragraph Line(string text, int width, Style? style) => new Paragraph().Append(Fit(text, width), style ?? Spectre.Console.Style.Plain);

    private static Style? Style(bool colors, string? style) =>
        style is null ? (Style?)null : colors ? Spectre.Console.Style.Parse(style) : Spectre.Console.Style.Parse(style.Contains("bold", StringComparison.Ordinal) ? "bold" : "default");

    /// <summary>Cut to <paramref name="width"/> cells (… where cut) and padded to it.</summary>
    internal static string Fit(string text, int width)
    {
        if (width <= 0) return "";
        var cells = text.GetCellWidth();
        if (cells <= width) return text + new string(' ', width - cells);
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = rune.ToString().GetCellWidth();
            if (used + w > width - 1) break;
            builder.Append(rune.ToString());
            used += w;
        }

        builder.Append('…');
        used++;
        return builder.Append(' ', Math.Max(0, width - used)).ToString();
    }

    /// <summary>Text from the database as it may be shown: control and bidirectional control characters become U+FFFD.</summary>
    internal static string Safe(string text) => Gryt.DisplayText.Sanitized(text, '\uFFFD');

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (line.ToString().GetCellWidth() + rune.ToString().GetCellWidth() > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(rune.ToString());
        }

        if (line.Length > 0) yield return line.ToString();
    }

    private static string Short(string? sha) => sha is null ? "-" : sha.Length > 7 ? sha[..7] : sha;

    /// <summary>A step's duration as <c>gryt run</c> prints it (<see cref="Gryt.Pipelines.StepLines.Seconds"/>); hours for a step that runs that long.</summary>
    private static string Duration(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalHours: < 1 } d => Gryt.Pipelines.StepLines.Seconds(d),
        { } d => $"{(int)d.TotalHours}h{d.Minutes:00}m",
    };
}
