using System.CommandLine;
using System.CommandLine.Invocation;

namespace Gryt.Cli.Rendering;

/// <summary>
/// <c>gryt --version</c> prints <see cref="GrytVersion.Current"/>, the one place the version is read;
/// System.CommandLine's own action would read the entry assembly (testhost, in-process).
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static void Apply(RootCommand root) => root.Options.OfType<VersionOption>().Single().Action = new VersionAction();

    // As System.CommandLine's own version action; GrytApp refuses unknown words before invoking.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(GrytVersion.Current);
        return ExitCodes.Ok;
    }
}
