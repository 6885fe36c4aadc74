using System.Globalization;
using System.Text.Json;
using Gryt.Cli.Rendering;
using Gryt.Snapshots;

namespace Gryt.Cli.Commands.AuditCommands;

/// <summary>How every audit command shows a snapshot.</summary>
internal static class SnapshotJson
{
    public static void Write(Utf8JsonWriter writer, SnapshotInfo snapshot)
    {
        writer.WriteStartObject();
        writer.WriteString("snapshot_id", snapshot.SnapshotId);
        writer.WriteString("label", snapshot.Label);
        writer.WriteString("reason", snapshot.Reason);
        writer.WriteString("created_at", Timestamps.Format(snapshot.CreatedAt));
        writer.WriteString("created_by", snapshot.CreatedBy);
        writer.WriteString("file", snapshot.File);
        writer.WriteBoolean("file_exists", snapshot.FileExists);
        writer.WriteNumber("size_bytes", snapshot.SizeBytes);
        writer.WriteString("sha256", snapshot.Sha256);
        writer.WriteString("integrity", snapshot.Integrity);
        writer.WriteNumber("schema_version", snapshot.SchemaVersion);
        writer.WriteNumber("audit_events", snapshot.AuditEvents);
        writer.WriteEndObject();
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " MiB",
    };
}
