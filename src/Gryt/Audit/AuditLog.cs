using System.Security.Cryptography;
using System.Text;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Audit;

/// <summary>
/// Appends events to <c>audit_events</c>. Each event's hash covers the previous event's hash
/// and this event's content, so an edited, inserted or deleted row breaks the chain.
/// </summary>
internal static class AuditLog
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Appends one event inside the caller's write transaction; returns it as stored.</summary>
    public static StoredAuditEvent Append(
        GrytDatabase database,
        SqliteTransaction transaction,
        GrytContext context,
        string eventType,
        string resourceType,
        string resourceId,
        string action,
        IReadOnlyDictionary<string, object?>? details = null)
    {
        var store = new AuditStore(database);
        var previous = store.LastHash(transaction) ?? GenesisHash;
        var eventId = Ids.New(context.Now);
        var timestamp = Timestamps.Format(context.Now);
        var detailsJson = PlainJson.SerializeToString(details ?? new Dictionary<string, object?>());
        var hash = ComputeHash(previous, eventId, timestamp, eventType, resourceType, resourceId, action, context.Actor, detailsJson);
        return store.Insert(transaction, new StoredAuditEvent(0, eventId, timestamp, eventType, resourceType, resourceId, action, context.Actor, detailsJson, previous, hash));
    }

    /// <summary>SHA-256 over the previous hash and the event's fields, each length-prefixed so
    /// that no two different events can serialise alike.</summary>
    public static string ComputeHash(string previousHash, params string[] fields)
    {
        var text = new StringBuilder(previousHash);
        foreach (var field in fields) text.Append('\n').Append(field.Length).Append(':').Append(field);
        return Sha256.Of(text.ToString());
    }
}
