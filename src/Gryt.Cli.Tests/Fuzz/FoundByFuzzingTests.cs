using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Fuzz;

/// <summary>Command lines the fuzz tests found ending in exit 70, kept as regular tests once fixed.</summary>
public sealed class FoundByFuzzingTests : IClassFixture<CommandLineFuzzTests.SeedProject>
{
    private readonly CommandLineFuzzTests.SeedProject _seed;

    public FoundByFuzzingTests(CommandLineFuzzTests.SeedProject seed) => _seed = seed;

    [Theory]
    [InlineData("pipeline", "validate", "")]
    [InlineData("pipeline", "show", " ")]
    [InlineData("run", "")]
    public void An_empty_pipeline_name_is_bad_input(params string[] argv)
    {
        var result = new CliRunner(_seed.Root).Run(argv);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith("gryt: error: the pipeline name is empty\n", result.Err, StringComparison.Ordinal);
    }
}
