using System.Text;
using Gryt.Pipelines.Internal;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

public sealed class LogFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_line_reaches_the_file_whole_in_order_across_buffer_fills_and_longer_than_the_buffer()
    {
        var path = _folder.Combine("step.log");
        var lines = new List<string>();
        for (var i = 0; i < 3000; i++) lines.Add($"line {i} äöü € 𝄞 " + new string('x', i % 97));
        lines.Insert(1500, new string('€', 40_000)); // 120 000 bytes: more than the 64 KiB buffer
        lines.Add("");
        lines.Add("last");

        using (var log = new LogFile(path))
        {
            foreach (var line in lines) log.WriteLine(line);
        }

        Assert.Equal(string.Concat(lines.Select(l => l + Environment.NewLine)), File.ReadAllText(path, Encoding.UTF8));
    }

    [Fact]
    public void A_second_log_at_the_same_path_replaces_the_first()
    {
        var path = _folder.Combine("step.log");
        using (var first = new LogFile(path)) first.WriteLine(new string('a', 1000));
        using (var second = new LogFile(path)) second.WriteLine("b");

        Assert.Equal("b" + Environment.NewLine, File.ReadAllText(path));
    }
}
