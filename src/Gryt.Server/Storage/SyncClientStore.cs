namespace Gryt.Server.Storage;

/// <summary>When each key last pushed and pulled, and the feed number its last pull reached (the sync view's cursor lag).</summary>
internal static class SyncClientStore
{
    /// <summary>In the push's own transaction: the push and its time commit together, or neither does.</summary>
    public static async Task PushedAsync(ProjectWrite write, string keyId, string now, CancellationToken token) =>
        await write.ExecuteAsync(
            "INSERT INTO sync_clients (key_id, project, last_push_at) VALUES (@k, @p, @t) ON CONFLICT (key_id) DO UPDATE SET last_push_at = excluded.last_push_at", token,
            ("@k", keyId), ("@p", write.Project), ("@t", now));

    public static async Task PulledAsync(ServerDatabase database, string keyId, string project, long seq, string now, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO sync_clients (key_id, project, last_pull_at, last_pull_seq) VALUES (@k, @p, @t, @s) " +
            "ON CONFLICT (key_id) DO UPDATE SET last_pull_at = excluded.last_pull_at, last_pull_seq = excluded.last_pull_seq", token,
            ("@k", keyId), ("@p", project), ("@t", now), ("@s", seq));
    }
}
