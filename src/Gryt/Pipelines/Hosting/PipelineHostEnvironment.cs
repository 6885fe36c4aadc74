namespace Gryt.Pipelines.Hosting;

/// <summary>
/// The environment variables through which <c>gryt run</c> tells a C# pipeline where to record
/// its run and what to bind it to (read by <see cref="PipelineHost"/>).
/// </summary>
internal static class PipelineHostEnvironment
{
    /// <summary>The database to record into (also honoured by every gryt command).</summary>
    public const string Database = "GRYT_DB";

    public const string RunId = "GRYT_RUN_ID";
    public const string EvolutionId = "GRYT_EVOLUTION_ID";
    public const string GenerationId = "GRYT_GENERATION_ID";
    public const string RepositoryRoot = "GRYT_REPO_ROOT";
    public const string LogsFolder = "GRYT_LOGS";
    public const string PipelinePath = "GRYT_PIPELINE_PATH";
    public const string Actor = "GRYT_ACTOR";

    /// <summary>A folder NuGet feed holding the Gryt package, added to restore's sources (for installs without network).</summary>
    public const string PackageSource = "GRYT_PACKAGE_SOURCE";

    /// <summary>The argument that asks a C# pipeline to describe itself instead of running.</summary>
    public const string DescribeArgument = "--gryt-describe";

    /// <summary>The line prefix of the description, so that it is found among build output.</summary>
    public const string DescribePrefix = "::gryt describe ";
}
