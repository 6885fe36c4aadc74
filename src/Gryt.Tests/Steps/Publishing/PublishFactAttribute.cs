using Gryt.Steps;

namespace Gryt.Tests.Steps.Publishing;

/// <summary>
/// A publish test that runs only when its client and local registry are installed here
/// (<c>bash scripts/registries.sh install</c>, which .ci/run calls), else skipped naming what is missing.
/// </summary>
internal sealed class PublishFactAttribute : FactAttribute
{
    /// <param name="client"><c>oras</c>, <c>docker</c> (with a daemon that answers) or <c>twine</c>.</param>
    public PublishFactAttribute(string client)
    {
        Skip = client switch
        {
            "oras" => Missing("docker-registry", "docker-registry (Debian's) is not installed")
                ?? Missing("oras", "oras is not installed (Debian 12 does not package it): oci-push needs it"),
            "docker" => Missing("docker-registry", "docker-registry (Debian's) is not installed")
                ?? Missing("docker", "docker is not installed")
                ?? (Works("docker", "info") ? null : "docker is installed but no docker daemon answers (docker info fails)"),
            "twine" => (Works("/usr/bin/python3", "-m", "twine", "--version") ? null : "twine (Debian's, for /usr/bin/python3) is not installed")
                ?? Missing("pypi-server", "pypi-server is not installed (Debian 12 does not package pypiserver, and PyPI is not reachable here)"),
            _ => throw new ArgumentException("unknown publish client " + client, nameof(client)),
        };
    }

    private static string? Missing(string program, string reason) => ToolLocator.Find(program, GrytHost.Current) is null ? reason : null;

    private static bool Works(string program, params string[] arguments) =>
        ToolLocator.Find(program, GrytHost.Current) is { } path
        && ToolLocator.Succeeds(path, arguments, Path.GetTempPath(), GrytHost.Current.Environment);
}
