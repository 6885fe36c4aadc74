using System.Security.Cryptography;
using System.Text;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Audit;

/// <summary>
/// Appends events to <c>audit_events</c>. Each event's hash covers the previous event's hash
/// and this event's content, so an edited, inserted or deleted row breaks the chain.
/// </summary>
public static class AuditLog
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Appends one event inside the caller's write transaction.</summary>
    public static void Append(
        GrytDatabase database,
        SqliteTransaction transaction,
        GrytContext context,
        string eventType,
        string resourceType,
        string resourceId,
        string action,
        IReadOnlyDictionary<string, object?>? details = null)
    {
        using var last = database.Command("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1", transaction);
        var previous = last.ExecuteScalar() as string ?? GenesisHash;

        var eventId = Ids.New(context.Now);
        var timestamp = SqlExtensions.Timestamp(context.Now);
        var detailsJson = PlainJson.SerializeToString(details ?? new Dictionary<string, object?>());
        var hash = ComputeHash(previous, eventId, timestamp, eventType, resourceType, resourceId, action, context.Actor, detailsJson);

        using var insert = database.Command(
            """
            INSERT INTO audit_events (event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash)
            VALUES ($id, $ts, $type, $rtype, $rid, $action, $actor, $details, $prev, $hash)
            """, transaction)
            .With("$id", eventId).With("$ts", timestamp).With("$type", eventType).With("$rtype", resourceType)
            .With("$rid", resourceId).With("$action", action).With("$actor", context.Actor).With("$details", detailsJson)
            .With("$prev", previous).With("$hash", hash);
        insert.ExecuteNonQuery();
    }

    /// <summary>SHA-256 over the previous hash and the event's fields, each length-prefixed so
    /// that no two different events can serialise alike.</summary>
    public static string ComputeHash(string previousHash, params string[] fields)
    {
        var text = new StringBuilder(previousHash);
        foreach (var field in fields) text.Append('\n').Append(field.Length).Append(':').Append(field);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
