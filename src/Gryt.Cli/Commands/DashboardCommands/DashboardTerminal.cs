using System.Text;
using System.Threading.Channels;
using Gryt.Dashboard;
using Gryt.Storage;

namespace Gryt.Cli.Commands.DashboardCommands;

/// <summary>
/// The dashboard on the real terminal: the alternate screen, keys read on their own thread, and the
/// database read by one background task that checks <c>PRAGMA data_version</c> about once a second
/// (and, while a run goes on, reads that run's log tail again every second: <see cref="DashboardReader.Poll"/>).
/// The UI loop only applies keys and snapshots and draws: it never waits for I/O.
/// </summary>
internal static class DashboardTerminal
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private abstract record Event;

    private sealed record KeyPressed(ConsoleKeyInfo Key) : Event;

    private sealed record Loaded(DashboardSnapshot Snapshot) : Event;

    private sealed record LoadFailed(string Message) : Event;

    private sealed record Ticked : Event;

    public static async Task RunAsync(GrytDatabase database, TimeProvider clock, string project, bool colors, CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<Event>();
        var requests = Channel.CreateUnbounded<(DashboardSelection Selection, bool Refresh)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var view = new DashboardView();
        var stdout = Console.OpenStandardOutput();

        Console.TreatControlCAsInput = true;
        Write(stdout, "\u001b[?1049h\u001b[?25l");
        var keys = new Thread(() => ReadKeys(events.Writer)) { IsBackground = true, Name = "dashboard keys" };
        keys.Start();
        var reader = Task.Run(() => ReadLoopAsync(database, clock, requests.Reader, events.Writer, stop.Token), CancellationToken.None);
        var ticker = Task.Run(() => TickAsync(events.Writer, stop.Token), CancellationToken.None);
        try
        {
            requests.Writer.TryWrite((view.Selection, false));
            var size = Size();
            Draw(stdout, view, project, size, colors);
            while (await events.Reader.WaitToReadAsync(cancellationToken))
            {
                var quit = false;
                while (events.Reader.TryRead(out var next))
                {
                    switch (next)
                    {
                        case KeyPressed key:
                            switch (view.Key(key.Key))
                            {
                                case KeyOutcome.Quit: quit = true; break;
                                case KeyOutcome.Reload: requests.Writer.TryWrite((view.Selection, false)); break;
                                case KeyOutcome.Refresh: requests.Writer.TryWrite((view.Selection, true)); break;
                            }

                            break;
                        case Loaded loaded:
                            view.Update(loaded.Snapshot);
                            break;
                        case LoadFailed failed:
                            view.Failed(failed.Message);
                            break;
                    }
                }

                if (quit) break;
                size = Size();
                Draw(stdout, view, project, size, colors);
            }
        }
        finally
        {
            await stop.CancelAsync();
            Write(stdout, "\u001b[?25h\u001b[?1049l");
            Console.TreatControlCAsInput = false;
            await Task.WhenAll(reader, ticker);
        }
    }

    private static void ReadKeys(ChannelWriter<Event> events)
    {
        try
        {
            while (true) events.TryWrite(new KeyPressed(Console.ReadKey(intercept: true)));
        }
        catch (InvalidOperationException)
        {
            // stdin closed: the terminal went away.
            events.TryWrite(new KeyPressed(new ConsoleKeyInfo('q', ConsoleKey.Q, false, false, false)));
        }
    }

    private static async Task TickAsync(ChannelWriter<Event> events, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) events.TryWrite(new Ticked());
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The one task that touches the database: a read when asked, when another process wrote, or of the live run each second while one goes on.</summary>
    private static async Task ReadLoopAsync(
        GrytDatabase database, TimeProvider clock, ChannelReader<(DashboardSelection Selection, bool Refresh)> requests, ChannelWriter<Event> events, CancellationToken cancellationToken)
    {
        DashboardReader? reader = null;
        var selection = new DashboardSelection();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var asked = false;
                var refresh = false;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    wait.CancelAfter(Tick);
                    try
                    {
                        if (await requests.WaitToReadAsync(wait.Token)) asked = true;
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                    }
                }

                while (requests.TryRead(out var request))
                {
                    selection = request.Selection;
                    refresh |= request.Refresh;
                }

                try
                {
                    reader ??= new DashboardReader(database, clock);
                    if (reader.Poll(selection, asked, verifyChain: refresh) is { } snapshot) events.TryWrite(new Loaded(snapshot));
                }
                catch (Exception ex) when (ex is GrytException or Microsoft.Data.Sqlite.SqliteException or IOException)
                {
                    events.TryWrite(new LoadFailed(ex.Message.ReplaceLineEndings(" ")));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            reader?.Dispose();
        }
    }

    private static (int Width, int Height) Size()
    {
        try
        {
            return (Console.WindowWidth is > 0 and var w ? w : 80, Console.WindowHeight is > 0 and var h ? h : 24);
        }
        catch (IOException)
        {
            return (80, 24);
        }
    }

    private static void Draw(Stream stdout, DashboardView view, string project, (int Width, int Height) size, bool colors)
    {
        var screen = DashboardScreen.Render(view, project, size.Width, size.Height, ansi: true, colors);
        // Home, then each line cleared to its end: no flicker of a full clear, nothing left of a longer line.
        var frame = new StringBuilder("\u001b[H");
        var lines = screen.Split('\n');
        for (var i = 0; i < lines.Length && i < size.Height; i++)
        {
            if (i > 0) frame.Append("\r\n");
            frame.Append(lines[i]).Append("\u001b[0m\u001b[K");
        }

        frame.Append("\u001b[J");
        Write(stdout, frame.ToString());
    }

    private static void Write(Stream stdout, string text)
    {
        stdout.Write(Encoding.UTF8.GetBytes(text));
        stdout.Flush();
    }
}
