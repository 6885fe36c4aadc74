using Gryt.Cli.Rendering;
using Gryt.Contracts;
using Gryt.Project;

namespace Gryt.Cli.Commands.GenerationCommands;

/// <summary>The version-file check as <c>generation show</c> and the promotion dry run print it.</summary>
internal static class VersionFileWarnings
{
    public static void Warn(Output output, GrytProject project, string version)
    {
        foreach (var mismatch in VersionFiles.Disagreeing(project.Root, version))
        {
            output.Warn($"{mismatch.Describe(version)}; set it to {version.TrimStart('v')} in a commit the proofs test (gryt never writes it)");
        }
    }
}
