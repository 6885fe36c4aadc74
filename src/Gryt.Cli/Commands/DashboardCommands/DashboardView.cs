using System.Text;
using Gryt.Contracts;
using Gryt.Dashboard;
using Gryt.Storage;

namespace Gryt.Cli.Commands.DashboardCommands;

/// <summary>The dashboard's panels, in Tab order.</summary>
internal enum DashboardPanel
{
    Generations,
    Changes,
    Evolutions,
    Run,
    Audit,
}

/// <summary>What a key asks of the host besides drawing again.</summary>
internal enum KeyOutcome
{
    /// <summary>Only the screen changed.</summary>
    Redraw,

    /// <summary>The selection changed: read the details again.</summary>
    Reload,

    /// <summary><c>r</c>: read everything again, the audit chain included.</summary>
    Refresh,

    Quit,
}

/// <summary>
/// The state of the dashboard between two screens: the latest snapshot, the focused panel, the
/// cursors, filters and overlays, and what each key does to them. No I/O: the host reads the
/// snapshots (off its UI thread) and draws <see cref="DashboardScreen"/>.
/// </summary>
internal sealed class DashboardView
{
    private const int PanelCount = 5;
    private readonly int[] _cursor = new int[PanelCount];
    private readonly string[] _filter = ["", "", "", "", ""];
    private readonly StringBuilder _typing = new();

    public DashboardSnapshot? Snapshot { get; private set; }

    public DashboardPanel Focus { get; private set; }

    /// <summary>The generation whose changes and evolutions are shown (follows the generations cursor).</summary>
    public string? GenerationId { get; private set; }

    /// <summary>The evolution drilled into with Enter: the run panel shows its run instead of the current one.</summary>
    public string? EvolutionId { get; private set; }

    /// <summary>True while <c>/</c> takes the keys typed into the focused panel's filter.</summary>
    public bool Filtering { get; private set; }

    public bool Help { get; private set; }

    /// <summary>The selected change shown in full (Enter on a change), until Esc.</summary>
    public DashboardChange? Detail { get; private set; }

    /// <summary>A failure to read the database, shown on the bottom line until the next good read.</summary>
    public string? Error { get; private set; }

    public DashboardSelection Selection => new(GenerationId, EvolutionId);

    public string FilterOf(DashboardPanel panel) => Filtering && panel == Focus ? _typing.ToString() : _filter[(int)panel];

    public int Cursor(DashboardPanel panel) => _cursor[(int)panel];

    public void Update(DashboardSnapshot snapshot)
    {
        Snapshot = snapshot;
        Error = null;
        // A snapshot read before the cursor moved keeps the newer choice (its reload is on the way).
        if (GenerationId is null || !snapshot.Generations.Any(g => g.GenerationId == GenerationId)) GenerationId = snapshot.Generation?.GenerationId;
        var generations = Generations();
        var at = generations.FindIndex(g => g.GenerationId == GenerationId);
        _cursor[0] = at >= 0 ? at : 0;
        for (var panel = 1; panel < PanelCount; panel++) _cursor[panel] = Clamp(_cursor[panel], Count((DashboardPanel)panel));
    }

    public void Failed(string message) => Error = message;

    public List<DashboardGenerationRow> Generations() =>
        Filter(Snapshot?.Generations, DashboardPanel.Generations, g => $"{g.Version} {g.Status} {Snapshot!.GatesOf(g.GenerationId)}");

    public List<DashboardChange> Changes() =>
        Filter(Snapshot?.Changes, DashboardPanel.Changes, c => $"{c.ChangeId} {c.Type} {c.State.ToWord()} {c.Title}");

    public List<DashboardEvolution> Evolutions() =>
        Filter(Snapshot?.Evolutions, DashboardPanel.Evolutions, e => $"{e.Tag} {e.Status} {e.CommitSha}");

    public List<DashboardStep> Steps() =>
        Filter(Snapshot?.Run?.Steps, DashboardPanel.Run, s => $"{s.Name} {s.Status}");

    public List<DashboardEventRow> Events() =>
        Filter(Snapshot?.Audit.Events, DashboardPanel.Audit, e => $"{e.EventType} {e.ResourceId} {e.Actor}");

    public KeyOutcome Key(ConsoleKeyInfo key)
    {
        if (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control)) return KeyOutcome.Quit;
        if (Filtering) return FilterKey(key);
        if (Help)
        {
            Help = false;
            return key.KeyChar == 'q' ? KeyOutcome.Quit : KeyOutcome.Redraw;
        }

        switch (key.Key)
        {
            case ConsoleKey.UpArrow: return Move(-1);
            case ConsoleKey.DownArrow: return Move(1);
            case ConsoleKey.PageUp: return Move(-10);
            case ConsoleKey.PageDown: return Move(10);
            case ConsoleKey.Home: return Move(-int.MaxValue / 2);
            case ConsoleKey.End: return Move(int.MaxValue / 2);
            case ConsoleKey.Tab:
                Detail = null;
                var step = key.Modifiers.HasFlag(ConsoleModifiers.Shift) ? PanelCount - 1 : 1;
                Focus = (DashboardPanel)(((int)Focus + step) % PanelCount);
                return KeyOutcome.Redraw;
            case ConsoleKey.Enter: return Enter();
            case ConsoleKey.Escape: return Back();
        }

        switch (key.KeyChar)
        {
            case 'k': return Move(-1);
            case 'j': return Move(1);
            case 'g': return Move(-int.MaxValue / 2);
            case 'G': return Move(int.MaxValue / 2);
            case 'q': return KeyOutcome.Quit;
            case 'r': return KeyOutcome.Refresh;
            case '?':
                Help = true;
                return KeyOutcome.Redraw;
            case '/':
                Filtering = true;
                _typing.Clear().Append(_filter[(int)Focus]);
                return KeyOutcome.Redraw;
            case >= '1' and <= '5':
                Detail = null;
                Focus = (DashboardPanel)(key.KeyChar - '1');
                return KeyOutcome.Redraw;
        }

        return KeyOutcome.Redraw;
    }

    private KeyOutcome FilterKey(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                Filtering = false;
                return ApplyFilter(_typing.ToString());
            case ConsoleKey.Escape:
                Filtering = false;
                return ApplyFilter("");
            case ConsoleKey.Backspace:
                if (_typing.Length > 0) _typing.Length--;
                return ApplyFilter(_typing.ToString(), keep: false);
        }

        if (key.KeyChar is var ch && !Gryt.DisplayText.IsUnsafe(ch) && _typing.Length < 40)
        {
            _typing.Append(ch);
        }

        return ApplyFilter(_typing.ToString(), keep: false);
    }

    private KeyOutcome ApplyFilter(string text, bool keep = true)
    {
        if (keep) _filter[(int)Focus] = text;
        _cursor[(int)Focus] = 0;
        return Focus == DashboardPanel.Generations ? SelectGeneration() : KeyOutcome.Redraw;
    }

    private KeyOutcome Move(int by)
    {
        var panel = (int)Focus;
        var count = Count(Focus);
        var moved = Clamp((int)Math.Clamp((long)_cursor[panel] + by, int.MinValue, int.MaxValue), count);
        if (moved == _cursor[panel]) return KeyOutcome.Redraw;
        _cursor[panel] = moved;
        return Focus == DashboardPanel.Generations ? SelectGeneration() : KeyOutcome.Redraw;
    }

    private KeyOutcome SelectGeneration()
    {
        var generations = Generations();
        var selected = generations.Count == 0 ? null : generations[Clamp(_cursor[0], generations.Count)].GenerationId;
        if (selected is null || selected == GenerationId) return KeyOutcome.Redraw;
        GenerationId = selected;
        EvolutionId = null;
        _cursor[1] = _cursor[2] = 0;
        return KeyOutcome.Reload;
    }

    private KeyOutcome Enter()
    {
        switch (Focus)
        {
            case DashboardPanel.Generations:
                Focus = DashboardPanel.Changes;
                return KeyOutcome.Redraw;
            case DashboardPanel.Changes when Changes() is { Count: > 0 } changes:
                Detail = changes[Clamp(_cursor[1], changes.Count)];
                return KeyOutcome.Redraw;
            case DashboardPanel.Evolutions when Evolutions() is { Count: > 0 } evolutions:
                EvolutionId = evolutions[Clamp(_cursor[2], evolutions.Count)].EvolutionId;
                Focus = DashboardPanel.Run;
                _cursor[3] = 0;
                return KeyOutcome.Reload;
        }

        return KeyOutcome.Redraw;
    }

    private KeyOutcome Back()
    {
        if (Detail is not null)
        {
            Detail = null;
            return KeyOutcome.Redraw;
        }

        if (_filter[(int)Focus].Length > 0) return ApplyFilter("");
        switch (Focus)
        {
            case DashboardPanel.Run when EvolutionId is not null:
                EvolutionId = null;
                Focus = DashboardPanel.Evolutions;
                return KeyOutcome.Reload;
            case DashboardPanel.Changes or DashboardPanel.Evolutions:
                Focus = DashboardPanel.Generations;
                return KeyOutcome.Redraw;
        }

        return KeyOutcome.Redraw;
    }

    private int Count(DashboardPanel panel) => panel switch
    {
        DashboardPanel.Generations => Generations().Count,
        DashboardPanel.Changes => Changes().Count,
        DashboardPanel.Evolutions => Evolutions().Count,
        DashboardPanel.Run => Steps().Count,
        _ => Events().Count,
    };

    private static int Clamp(int value, int count) => count == 0 ? 0 : Math.Clamp(value, 0, count - 1);

    private List<T> Filter<T>(IReadOnlyList<T>? rows, DashboardPanel panel, Func<T, string> text)
    {
        if (rows is null) return [];
        var filter = FilterOf(panel);
        return filter.Length == 0 ? [.. rows] : [.. rows.Where(r => text(r).Contains(filter, StringComparison.OrdinalIgnoreCase))];
    }
}
