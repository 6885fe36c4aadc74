using Gryt.Project;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Project;

public sealed class DirtyProofConfigTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private ProjectConfig Load(string yaml)
    {
        File.WriteAllText(_project.Project.ConfigPath, yaml);
        return ProjectConfig.Load(_project.Project);
    }

    [Fact]
    public void Require_clean_is_on_by_default_also_in_the_config_init_writes()
    {
        Assert.True(ProjectConfig.Load(_project.Project).RequireClean);
        Assert.True(ProjectConfig.Default.RequireClean);
    }

    [Theory]
    [InlineData("evolution:\n  require_clean: false\n", false)]
    [InlineData("evolution:\n  require_clean: true\n", true)]
    [InlineData("allow_dirty_proofs: true\n", false)]
    [InlineData("evolution:\n  allow_dirty_proofs: true\n", false)]
    [InlineData("evolution:\n  allow_dirty_proofs: false\n", true)]
    [InlineData("evolution:\n  require_clean: false\nallow_dirty_proofs: true\n", false)]
    public void Allow_dirty_proofs_is_the_opposite_of_require_clean(string yaml, bool requireClean) =>
        Assert.Equal(requireClean, Load(yaml).RequireClean);

    [Fact]
    public void Contradicting_require_clean_and_allow_dirty_proofs_is_an_error_at_the_line()
    {
        var error = Assert.Throws<InvalidFileException>(() => Load("evolution:\n  require_clean: true\nallow_dirty_proofs: true\n"));

        Assert.Equal(3, error.Line);
        Assert.Contains("contradicts", error.Message, StringComparison.Ordinal);
    }
}
