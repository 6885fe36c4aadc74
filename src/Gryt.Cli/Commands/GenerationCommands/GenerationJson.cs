using System.Text.Json;
using Gryt.Cli.Rendering;
using Gryt.Contracts;

namespace Gryt.Cli.Commands.GenerationCommands;

/// <summary>The JSON fields of a generation, shared by every command that prints one.</summary>
internal static class GenerationJson
{
    public static void WriteFields(Utf8JsonWriter writer, Generation generation)
    {
        writer.WriteString("generation_id", generation.GenerationId);
        writer.WriteString("version", generation.Version);
        writer.WriteString("status", generation.Status.ToWord());
        writer.WriteString("description", generation.Description);
        writer.WriteString("pipeline_template", generation.PipelineTemplate);
        writer.WriteNumber("revision", generation.Revision);
        writer.WriteString("created_at", Timestamps.Format(generation.CreatedAt));
        if (generation.PromotedAt is { } promoted) writer.WriteString("promoted_at", Timestamps.Format(promoted));
        else writer.WriteNull("promoted_at");
        writer.WriteString("promoted_by", generation.PromotedBy);
        writer.WriteString("revoked_at", generation.RevokedAt is { } revoked ? Timestamps.Format(revoked) : null);
        writer.WriteString("revoked_by", generation.RevokedBy);
        writer.WriteString("revoked_reason", generation.RevokedReason);
        // Only on rows a fresh clone rebuilt from git, so records made here keep their shape.
        if (generation.ImportedFrom is { } tag) writer.WriteString("imported_from", tag);
    }
}
