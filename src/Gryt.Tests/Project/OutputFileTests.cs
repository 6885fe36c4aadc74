using Gryt.Project;
using Gryt.Scaffolding.Init;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Project;

public sealed class OutputFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_dotdot_after_a_link_is_resolved_the_way_the_kernel_resolves_it()
    {
        Directory.CreateDirectory(_folder.Combine("deep", "x"));
        Directory.CreateSymbolicLink(_folder.Combine("a"), _folder.Combine("deep", "x"));

        Assert.Equal(_folder.Combine("deep", "file"), OutputFile.RealPath(_folder.Combine("a") + "/../file"));
    }

    [Fact]
    public void The_written_file_is_the_resolved_one_so_a_dotdot_after_a_link_cannot_reach_gryt_state()
    {
        var project = ProjectInitializer.Initialize(_folder.Path, force: false).Project;
        Directory.CreateDirectory(_folder.Combine("deep", "x"));
        Directory.CreateDirectory(_folder.Combine("deep", ".gryt"));
        Directory.CreateSymbolicLink(_folder.Combine("a"), _folder.Combine("deep", "x"));

        // Lexically a/../.gryt/config.yaml is the project's config; the kernel writes deep/.gryt/config.yaml.
        var path = OutputFile.Check(project, "a/../.gryt/config.yaml", _folder.Path);

        Assert.Equal(_folder.Combine("deep", ".gryt", "config.yaml"), path);
    }

    [Fact]
    public void A_writer_that_fails_leaves_the_old_file_and_no_temporary_one()
    {
        var target = _folder.Combine("report.html");
        File.WriteAllText(target, "old");

        Assert.Throws<InvalidOperationException>(() => OutputFile.Write(target, stream =>
        {
            stream.Write("half of the new"u8);
            throw new InvalidOperationException("the renderer failed");
        }));

        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(_folder.Path));
    }
}
