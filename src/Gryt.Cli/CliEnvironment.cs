using Gryt.Git;
using Gryt.Pipelines.Hosting;
using Gryt.Pipelines.Loading;
using Gryt.Project;

namespace Gryt.Cli;

/// <summary>
/// What the process gives the CLI: streams, working directory, environment variables, clock.
/// Tests build one with string writers to run commands in-process.
/// </summary>
internal sealed class CliEnvironment(
    TextWriter output,
    TextWriter error,
    string workingDirectory,
    Func<string, string?> variable,
    bool outputIsTerminal,
    TimeProvider clock)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public string WorkingDirectory { get; } = workingDirectory;
    public TimeProvider Clock { get; } = clock;

    /// <summary>Standard input (a key for <c>gryt sync login</c>); empty unless given.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    public string? Variable(string name) => variable(name);

    /// <summary>Whether stdout is a terminal (<c>gryt dashboard</c> needs one).</summary>
    public bool OutputIsTerminal => outputIsTerminal;

    /// <summary>Colour and live output only on a terminal, and never under CI or NO_COLOR.</summary>
    public bool IsRich =>
        outputIsTerminal
        && string.IsNullOrEmpty(Variable("NO_COLOR"))
        && !string.Equals(Variable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        && Variable("TERM") != "dumb";

    public bool Debug => Variable("GRYT_DEBUG") is "1" or "true";

    /// <summary>stdout's bytes, for output that is UTF-8 already (JSON documents), written after
    /// <see cref="Out"/> is flushed; null where stdout is only a writer (tests).</summary>
    public Stream? OutBytes { get; init; }

    public static CliEnvironment FromProcess()
    {
        var stdout = Console.OpenStandardOutput();
        return new(
            StandardOutput(stdout),
            Console.Error,
            Directory.GetCurrentDirectory(),
            Environment.GetEnvironmentVariable,
            !Console.IsOutputRedirected,
            TimeProvider.System)
        {
            In = Console.In,
            OutBytes = stdout,
        };
    }

    /// <summary>
    /// stdout with a 64 KiB buffer, flushed after every write as Console.Out is: Console.Out's own
    /// buffer is 256 characters, so a 10 000-row table took 2 266 write calls instead of 10.
    /// </summary>
    private static TextWriter StandardOutput(Stream stdout) =>
        TextWriter.Synchronized(new StreamWriter(stdout, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024)
        {
            AutoFlush = true,
        });

    /// <summary>The library's seams: this clock, and GRYT_ACTOR or the git user as the actor.</summary>
    public GrytContext Context(string repositoryRoot) => new(Clock, () =>
        Variable("GRYT_ACTOR") is { Length: > 0 } actor ? actor
        : new GitClient(repositoryRoot).UserIdentity() ?? Variable("USER") ?? Environment.UserName);

    /// <summary>Where <c>dotnet run</c> restores the Gryt package from for C# pipelines and gates (see <see cref="PipelineFiles.PackageSource"/>).</summary>
    public string? PackageSource => PipelineFiles.PackageSource(Variable, AppContext.BaseDirectory);

    /// <summary>The cache of the project's built C# pipelines, for this process.</summary>
    public static CSharpAppCache CSharpCache(GrytProject project) => CSharpAppCache.For(project, GrytHost.Current);

    /// <summary>The description of a pipeline file of either format, with this environment's variables;
    /// a C# file that has to be (re)built says "compiling NAME.cs…" on stderr first. A caller that goes
    /// on to run the file passes its <paramref name="cache"/>, so the file's key is taken once.</summary>
    public Task<PipelineInfo> InspectAsync(PipelineSource source, GrytProject project, CSharpAppCache cache, CancellationToken cancellationToken) =>
        PipelineFiles.InspectAsync(source, project, Variable, PackageSource, new ProcessRuntime(), cache,
            file => Err.WriteLine($"compiling {file}…"), cancellationToken: cancellationToken);

    /// <inheritdoc cref="InspectAsync(PipelineSource, GrytProject, CSharpAppCache, CancellationToken)"/>
    public Task<PipelineInfo> InspectAsync(PipelineSource source, GrytProject project, CancellationToken cancellationToken) =>
        InspectAsync(source, project, CSharpCache(project), cancellationToken);

    /// <summary><see cref="InspectAsync(PipelineSource, GrytProject, CancellationToken)"/> with each built-in step's exact commands (<c>pipeline show</c>).</summary>
    public Task<PipelineInfo> InspectWithCommandsAsync(PipelineSource source, GrytProject project, CancellationToken cancellationToken) =>
        PipelineFiles.InspectAsync(source, project, Variable, PackageSource, new ProcessRuntime(), CSharpCache(project),
            file => Err.WriteLine($"compiling {file}…"), commands: true, cancellationToken);
}
