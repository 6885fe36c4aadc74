namespace Gryt.Pipelines.Loading;

/// <summary>How a pipeline is written.</summary>
internal enum PipelineFormat
{
    Yaml,
    CSharp,
}

/// <summary>A pipeline file found on disk: its name (the file name without extension), path and format.</summary>
internal sealed record PipelineSource(string Name, string Path, PipelineFormat Format)
{
    public string FormatWord => Format == PipelineFormat.Yaml ? "yaml" : "cs";
}
