namespace Gryt.Server.Storage;

/// <summary>Browser sessions of the web dashboard: a token's SHA-256, the key it was made from, its expiry.</summary>
internal static class WebSessionStore
{
    public static async Task CreateAsync(ServerDatabase database, string tokenSha256, string keyId, string now, string expiresAt, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        // Expired sessions go when a new one comes: the table stays as small as the sessions in use.
        await Sql.ExecuteAsync(connection, null, "DELETE FROM web_sessions WHERE expires_at <= @t", token, ("@t", now));
        await Sql.ExecuteAsync(connection, null, "INSERT INTO web_sessions (token_sha256, key_id, created_at, expires_at) VALUES (@h, @k, @t, @e)", token,
            ("@h", tokenSha256), ("@k", keyId), ("@t", now), ("@e", expiresAt));
    }

    /// <summary>The key id of a session that has not expired at <paramref name="now"/>; null otherwise.</summary>
    public static async Task<string?> KeyOfAsync(ServerDatabase database, string tokenSha256, string now, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        return await Sql.ScalarAsync(connection, null, "SELECT key_id FROM web_sessions WHERE token_sha256 = @h AND expires_at > @t", token,
            ("@h", tokenSha256), ("@t", now)) as string;
    }

    public static async Task DeleteAsync(ServerDatabase database, string tokenSha256, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        await Sql.ExecuteAsync(connection, null, "DELETE FROM web_sessions WHERE token_sha256 = @h", token, ("@h", tokenSha256));
    }
}
