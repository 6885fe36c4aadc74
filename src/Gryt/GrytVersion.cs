using System.Reflection;

namespace Gryt;

/// <summary>The version of this gryt (library and tool are built together), as written into exports,
/// provenance, CI workflows and <c>#:package</c> lines.</summary>
internal static class GrytVersion
{
    /// <summary>The package version, e.g. <c>0.1.0</c> (no source revision suffix).</summary>
    public static string Current { get; } =
        (typeof(GrytVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
