namespace Gryt.Cli.Rendering;

/// <summary>A table to show: rendered by Spectre.Console on a terminal, as aligned plain text otherwise.</summary>
internal sealed class TableView(params string[] headers)
{
    public IReadOnlyList<string> Headers { get; } = headers;
    public List<string[]> Rows { get; } = [];

    /// <summary>Optional colour per column, used only on a terminal (e.g. status words).</summary>
    public Func<int, string, string?>? Style { get; init; }

    /// <summary>Plain output only: print the header row (off for the guide's compact listings).</summary>
    public bool ShowHeader { get; init; } = true;

    /// <summary>Terminal only: columns that never wrap (dates); others give way when the terminal is narrow.</summary>
    public IReadOnlyList<int> NoWrap { get; init; } = [];

    /// <summary>Terminal only: no borders, columns two spaces apart like plain output, so that wide tables fit 80 columns.</summary>
    public bool Compact { get; init; }

    /// <summary>Plain output only: spaces before every row.</summary>
    public int Indent { get; init; }

    public TableView Add(params string[] cells)
    {
        Rows.Add(cells);
        return this;
    }
}
