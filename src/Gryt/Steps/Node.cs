namespace Gryt;

/// <summary>The package managers the Node steps drive.</summary>
file static class NodePackageManager
{
    public static string Check(string packageManager) => packageManager is "npm" or "pnpm" or "yarn"
        ? packageManager
        : throw new InvalidInputException($"package manager must be npm, pnpm or yarn, not '{packageManager}'");
}

/// <summary>
/// Installs dependencies: <c>npm ci</c> when <c>package-lock.json</c> or <c>npm-shrinkwrap.json</c>
/// exists in the step's folder, else <c>npm install</c> (pnpm: <c>install --frozen-lockfile</c> with
/// <c>pnpm-lock.yaml</c>; yarn: with <c>yarn.lock</c>). <see cref="UseCi"/> false always runs a plain install.
/// </summary>
public sealed class NpmInstallStep(string name) : ToolStep(name, "Install Node dependencies")
{
    /// <summary><c>npm</c> (default), <c>pnpm</c> or <c>yarn</c>.</summary>
    public string PackageManager { get; init => field = NodePackageManager.Check(value); } = "npm";

    public bool UseCi { get; init; } = true;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        bool Has(string file) => File.Exists(Path.Combine(invocation.WorkingDirectory, file));
        return PackageManager switch
        {
            "npm" when UseCi && (Has("package-lock.json") || Has("npm-shrinkwrap.json")) => [new("npm", ["ci"])],
            "pnpm" when UseCi && Has("pnpm-lock.yaml") => [new("pnpm", ["install", "--frozen-lockfile"])],
            "yarn" when UseCi && Has("yarn.lock") => [new("yarn", ["install", "--frozen-lockfile"])],
            _ => [new(PackageManager, ["install"])],
        };
    }
}

/// <summary><c>npm test [-- args]</c>.</summary>
public sealed class NpmTestStep(string name) : ToolStep(name, "Run Node tests")
{
    /// <summary><c>npm</c> (default), <c>pnpm</c> or <c>yarn</c>.</summary>
    public string PackageManager { get; init => field = NodePackageManager.Check(value); } = "npm";

    public IReadOnlyList<string> Args { get; init; } = [];

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new(PackageManager, ["test", .. Args.Count > 0 ? ["--", .. Args] : Array.Empty<string>()])];
}

/// <summary><c>npm run &lt;script&gt;</c> (default <c>build</c>).</summary>
public sealed class NpmBuildStep(string name) : ToolStep(name, "Build the Node package")
{
    /// <summary><c>npm</c> (default), <c>pnpm</c> or <c>yarn</c>.</summary>
    public string PackageManager { get; init => field = NodePackageManager.Check(value); } = "npm";

    public string Script
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value) ? throw new InvalidInputException("npm-build: script must not be empty") : value;
    } = "build";

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new(PackageManager, ["run", Script])];
}
