using System.Text;
using Gryt.Pipelines.Internal;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

/// <summary>A running step's log as readers see it (live progress, the dashboard): written within about a second, read by its tail.</summary>
public sealed class StepLogTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_line_of_a_quiet_step_reaches_its_log_file_within_about_a_second()
    {
        var log = _folder.Combine("build.log");
        using var output = new StepOutput(SecretMasker.None, log, 64, (_, _) => { });

        output.Line("compiling");

        for (var waited = 0; waited < 3000 && StepOutput.ReadLogTail(log, 40, 8192) is null; waited += 100) await Task.Delay(100);
        Assert.Equal("compiling", StepOutput.ReadLogTail(log, 40, 8192));
    }

    [Fact]
    public void The_tail_keeps_the_last_lines_within_the_byte_limit_and_drops_a_cut_line()
    {
        var log = _folder.Combine("test.log");
        File.WriteAllText(log, string.Concat(Enumerable.Range(1, 100).Select(i => $"line-{i}\n")));

        Assert.Equal(string.Join('\n', Enumerable.Range(61, 40).Select(i => $"line-{i}")), StepOutput.ReadLogTail(log, 40, 8192));

        // 30 bytes from the end start inside "line-97": that line is cut, so it is left out.
        Assert.Equal("line-98\nline-99\nline-100", StepOutput.ReadLogTail(log, 40, 30));
        Assert.Equal("line-100", StepOutput.ReadLogTail(log, 1, 8192));

        // Exactly the last three lines' bytes: none of them is cut.
        Assert.Equal("line-98\nline-99\nline-100", StepOutput.ReadLogTail(log, 40, 25));
    }

    [Fact]
    public void A_missing_or_empty_log_has_no_tail_and_multibyte_text_survives()
    {
        Assert.Null(StepOutput.ReadLogTail(_folder.Combine("none.log"), 40, 8192));
        var log = _folder.Combine("empty.log");
        File.WriteAllText(log, "");
        Assert.Null(StepOutput.ReadLogTail(log, 40, 8192));

        File.WriteAllText(log, "ünïcødé ✓\n\u202Eevil\n", new UTF8Encoding(false));
        Assert.Equal("ünïcødé ✓\n\u202Eevil", StepOutput.ReadLogTail(log, 40, 8192));
    }
}
