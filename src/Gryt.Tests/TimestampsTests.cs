using System.Globalization;

namespace Gryt.Tests;

public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2026-11-24T08:00:00.000Z")]
    [InlineData("0001-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("2024-02-29T12:34:56.789Z")]
    public void Gryts_own_format_reads_and_writes_back_the_same_text(string text)
    {
        var parsed = Timestamps.Parse(text);

        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        Assert.Equal(DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), parsed);
        Assert.Equal(text, Timestamps.Format(parsed));
    }

    [Fact]
    public void Format_writes_utc_with_milliseconds_whatever_the_offset()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 67, TimeSpan.FromHours(2)).AddTicks(8);

        Assert.Equal("2026-01-02T01:04:05.067Z", Timestamps.Format(at));
        Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), Timestamps.Format(at));
    }

    [Fact]
    public void Other_iso_times_go_through_the_general_parser_and_impossible_dates_still_fail()
    {
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), Timestamps.Parse("2025-03-04T07:06:07+02:00"));
        Assert.Throws<FormatException>(() => Timestamps.Parse("2025-02-30T00:00:00.000Z"));
    }
}
