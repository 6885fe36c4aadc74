namespace Gryt.Cli.Tests.TestSupport;

/// <summary>A clock that stands still unless a test moves it, so timestamps in output are stable.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private DateTimeOffset _now = now;

    public FixedClock()
        : this(Start)
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
