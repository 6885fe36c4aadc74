using Gryt.Cli.Commands.DashboardCommands;
using Gryt.Dashboard;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Cli.Tests.Dashboard;

/// <summary>
/// The dashboard without a terminal: keys in, screen text out. The same view, reader and screen
/// as <c>gryt dashboard</c>; each key that asks for a read gets one at once.
/// </summary>
internal sealed class DashboardHarness : IDisposable
{
    private readonly GrytDatabase _database;
    private readonly DashboardReader _reader;

    public DashboardHarness(string root, TimeProvider clock, GrytHost? host = null)
    {
        _database = ProjectDatabase.Open(GrytProject.Find(root, null));
        _reader = new DashboardReader(_database, clock, host);
        _reader.Changed();
        View.Update(_reader.Load(View.Selection));
    }

    public DashboardView View { get; } = new();

    /// <summary>Presses the keys ("Tab", "Enter", "Esc", "Down", "Up", "Backspace", or one character each) and renders 80×24 without colour.</summary>
    public string Screen(params string[] keys) => ScreenOf(80, 24, keys);

    public string ScreenOf(int width, int height, params string[] keys)
    {
        foreach (var key in keys)
        {
            switch (View.Key(Key(key)))
            {
                case KeyOutcome.Reload: View.Update(_reader.Load(View.Selection)); break;
                case KeyOutcome.Refresh: View.Update(_reader.Load(View.Selection, verifyChain: true)); break;
            }
        }

        return DashboardScreen.Render(View, "shop", width, height, ansi: false, colors: false);
    }

    /// <summary>One tick of the terminal's background task: what it read (everything after another process wrote, the live run's tail, or nothing).</summary>
    public DashboardRead Poll()
    {
        if (_reader.Poll(View.Selection) is { } snapshot) View.Update(snapshot);
        return _reader.LastRead;
    }

    /// <summary>SQL statements the dashboard ran so far.</summary>
    public int Statements => _reader.Statements;

    public static ConsoleKeyInfo Key(string name) => name switch
    {
        "Tab" => new('\t', ConsoleKey.Tab, false, false, false),
        "S-Tab" => new('\t', ConsoleKey.Tab, true, false, false),
        "Enter" => new('\r', ConsoleKey.Enter, false, false, false),
        "Esc" => new('\u001b', ConsoleKey.Escape, false, false, false),
        "Down" => new('\0', ConsoleKey.DownArrow, false, false, false),
        "Up" => new('\0', ConsoleKey.UpArrow, false, false, false),
        "Backspace" => new('\b', ConsoleKey.Backspace, false, false, false),
        "C-c" => new('\u0003', ConsoleKey.C, false, false, true),
        [var ch] => new(ch, char.IsAsciiLetter(ch) ? ConsoleKey.A + (char.ToUpperInvariant(ch) - 'A') : 0, char.IsAsciiLetterUpper(ch), false, false),
        _ => throw new ArgumentException("unknown key " + name, nameof(name)),
    };

    public void Dispose()
    {
        _reader.Dispose();
        _database.Dispose();
    }
}
