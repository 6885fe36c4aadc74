using Gryt.Audit;
using Gryt.Sync.Wire;

namespace Gryt.Server.Storage;

/// <summary>The server's own audit chain, one per project: every accepted write and every refusal
/// of an authenticated request. Hashed like the local chain (<see cref="AuditLog.ComputeHash"/>).</summary>
internal static class ServerAudit
{
    public static async Task AppendAsync(ProjectWrite write, string timestamp, string keyId, string actor, string action,
        string resourceType, string resourceId, string details, CancellationToken token)
    {
        var seq = write.AuditSeq + 1;
        var previous = write.AuditHead;
        var hash = Hash(previous, seq, timestamp, keyId, actor, action, resourceType, resourceId, details);
        await write.ExecuteAsync(
            "INSERT INTO server_audit (project, seq, timestamp, key_id, actor, action, resource_type, resource_id, details, prev_hash, hash) " +
            "VALUES (@p, @s, @t, @k, @a, @ac, @rt, @ri, @d, @ph, @h)", token,
            ("@p", write.Project), ("@s", seq), ("@t", timestamp), ("@k", keyId), ("@a", actor), ("@ac", action),
            ("@rt", resourceType), ("@ri", resourceId), ("@d", details), ("@ph", previous), ("@h", hash));
        write.AuditAppended(hash);
    }

    public static async Task<ServerAuditPage> PageAsync(ServerDatabase database, string project, long since, int limit, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null,
            "SELECT * FROM server_audit WHERE project = @p AND seq > @s ORDER BY seq LIMIT @l", token,
            ("@p", project), ("@s", since), ("@l", limit + 1));
        var items = rows.Take(limit).Select(Event).ToList();
        return new(items, items.Count > 0 ? items[^1].Seq : since, rows.Count > limit);
    }

    /// <summary>The newest <paramref name="limit"/> events of the project, newest first (the web dashboard's audit view).</summary>
    public static async Task<IReadOnlyList<ServerAuditEvent>> LatestAsync(ServerDatabase database, string project, int limit, CancellationToken token, string? action = null)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null,
            "SELECT * FROM server_audit WHERE project = @p" + (action is null ? "" : " AND action = @a") + " ORDER BY seq DESC LIMIT @l", token,
            ("@p", project), ("@a", action), ("@l", limit));
        return rows.Select(Event).ToList();
    }

    /// <summary>
    /// How many of the project's refused requests each key had with one of <paramref name="codes"/>:
    /// one grouped count in the database, not the refusals themselves.
    /// </summary>
    public static async Task<Dictionary<string, int>> RefusalsByKeyAsync(ServerDatabase database, string project, IReadOnlyCollection<string> codes, CancellationToken token)
    {
        var names = codes.Select((code, i) => ($"@c{i}", (object?)code)).ToList();
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null,
            $"SELECT key_id, COUNT(*) AS refusals FROM server_audit WHERE project = @p AND action = 'refused' " +
            $"AND {database.Dialect.JsonTextOrNull("details", "code")} IN ({string.Join(", ", names.Select(n => n.Item1))}) GROUP BY key_id", token,
            [("@p", project), .. names]);
        return rows.ToDictionary(r => r.Text("key_id"), r => r.Int("refusals"), StringComparer.Ordinal);
    }

    /// <summary>
    /// Walks the project's chain in order with the library's walk (<see cref="ChainWalk"/>), recomputing
    /// every hash and link. From <paramref name="from"/> (a head an earlier walk verified) only that event,
    /// checked unchanged, and the events after it are read: the dashboard's audit view verifies what was
    /// appended since it last looked. A checkpoint that no longer holds is reported as the break.
    /// </summary>
    public static async Task<ServerAuditVerification> VerifyAsync(ServerDatabase database, string project, CancellationToken token, AuditCheckpoint? from = null)
    {
        var walk = new ChainWalk(from);
        await using var connection = await database.OpenAsync(token);
        await using var command = Sql.Command(connection, null, "SELECT * FROM server_audit WHERE project = @p AND seq >= @s ORDER BY seq", ("@p", project), ("@s", walk.Seq));
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
        {
            var e = Event(Sql.Row(reader));
            var seq = walk.Seq;
            var broken = walk.Next(e.Seq, e.PrevHash, e.Hash, Hash(e));
            if (broken is not null) return new(false, seq + 1, walk.HeadHash, broken.Message);
            if (walk.CheckpointProblem is { } problem) return new(false, walk.Seq, walk.HeadHash, problem);
        }

        walk.End();
        return walk.CheckpointProblem is { } gone ? new(false, walk.Seq, walk.HeadHash, gone) : new(true, walk.Seq, walk.HeadHash, null);
    }

    private static string Hash(ServerAuditEvent e) => Hash(e.PrevHash, e.Seq, e.Timestamp, e.KeyId, e.Actor, e.Action, e.ResourceType, e.ResourceId, e.Details);

    private static string Hash(string previous, long seq, string timestamp, string keyId, string actor, string action, string resourceType, string resourceId, string details) =>
        AuditLog.ComputeHash(previous, seq.ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp, keyId, actor, action, resourceType, resourceId, details);

    private static ServerAuditEvent Event(Dictionary<string, object?> row) => new(
        row.Long("seq"), row.Text("timestamp"), row.Text("key_id"), row.Text("actor"), row.Text("action"),
        row.Text("resource_type"), row.Text("resource_id"), row.Text("details"), row.Text("prev_hash"), row.Text("hash"));
}
