using System.Diagnostics;
using Spectre.Console;

namespace Gryt.Cli.Commands.RunCommands;

/// <summary>
/// Live progress on a terminal: one line per step with its state and elapsed time, redrawn
/// while the run goes; failures' output tails are printed once the run is over.
/// </summary>
internal sealed class LiveRunProgress(IAnsiConsole console) : IPipelineObserver
{
    private sealed class Row(string name)
    {
        public string Name { get; } = name;
        public StepStatus Status { get; set; } = StepStatus.Pending;
        public long StartedAt { get; set; }
        public int Attempt { get; set; } = 1;
        public StepResult? Result { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly List<Row> _rows = [];
    private readonly List<HookFailure> _hookFailures = [];
    private string _title = "";

    public IReadOnlyList<HookFailure> HookFailures
    {
        get
        {
            lock (_gate) return [.. _hookFailures];
        }
    }

    public void RunStarted(string runId, Pipeline pipeline)
    {
        lock (_gate)
        {
            _title = $"[bold]{Markup.Escape(pipeline.Name)}[/] [grey]run {Markup.Escape(runId)}[/]";
            foreach (var step in pipeline.InRunOrder()) _rows.Add(new Row(step.Name));
        }
    }

    public void StepStarted(string stepName, int attempt)
    {
        lock (_gate)
        {
            var row = Find(stepName);
            row.Status = StepStatus.Running;
            row.Attempt = attempt;
            if (attempt == 1) row.StartedAt = Stopwatch.GetTimestamp();
        }
    }

    public void StepFinished(StepResult result)
    {
        lock (_gate)
        {
            var row = Find(result.Name);
            row.Status = result.Status;
            row.Result = result;
        }
    }

    public void HookFailed(HookFailure failure)
    {
        lock (_gate) _hookFailures.Add(failure);
    }

    /// <summary>Shows the live view until <paramref name="run"/> completes.</summary>
    public async Task<PipelineResult> ShowAsync(Task<PipelineResult> run)
    {
        await console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                context.UpdateTarget(Render());
                await Task.WhenAny(run, Task.Delay(100));
            }

            context.UpdateTarget(Render());
        });
        return await run;
    }

    private Row Find(string name)
    {
        var row = _rows.FirstOrDefault(r => r.Name == name);
        if (row is null)
        {
            row = new Row(name);
            _rows.Add(row);
        }

        return row;
    }

    private Rows Render()
    {
        lock (_gate)
        {
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap()).AddColumn();
            foreach (var row in _rows)
            {
                var (icon, detail) = row.Status switch
                {
                    StepStatus.Pending => ("[grey]·[/]", "[grey]pending[/]"),
                    StepStatus.Running => ("[yellow]▶[/]", $"[yellow]{RunProgress.Seconds(Stopwatch.GetElapsedTime(row.StartedAt))}{(row.Attempt > 1 ? $" (attempt {row.Attempt})" : "")}[/]"),
                    StepStatus.Pass => ("[green]✓[/]", $"[green]{RunProgress.Seconds(row.Result!.Duration)}[/]"),
                    StepStatus.Fail => ("[red]✗[/]", $"[red]{Markup.Escape(RunProgress.Reason(row.Result!))}, {RunProgress.Seconds(row.Result!.Duration)}[/]"),
                    StepStatus.Skipped => ("[grey]-[/]", $"[grey]skipped: {Markup.Escape(row.Result?.Message ?? "")}[/]"),
                    _ => ("[grey]■[/]", "[grey]interrupted[/]"),
                };
                grid.AddRow(new Markup(icon), new Markup(Markup.Escape(row.Name)), new Markup(detail));
                foreach (var warning in row.Result?.Warnings ?? [])
                {
                    grid.AddRow(new Markup(""), new Markup(""), new Markup($"[yellow]warning: {Markup.Escape(warning)}[/]"));
                }
            }

            return new Rows(new Markup(_title), grid);
        }
    }
}
