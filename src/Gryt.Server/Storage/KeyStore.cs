namespace Gryt.Server.Storage;

/// <summary>A row of <c>api_keys</c>: the hash of the secret, never the key.</summary>
internal sealed record KeyRow(string KeyId, string SecretSha256, string Project, string Role, string Name, string CreatedAt, string? RevokedAt);

/// <summary>The SQL of <c>api_keys</c>; <see cref="Keys.ApiKeys"/> makes and checks keys over it.</summary>
internal static class KeyStore
{
    public static async Task InsertAsync(ServerDatabase database, KeyRow key, CancellationToken token)
    {
        await database.EnsureProjectAsync(key.Project, key.CreatedAt, token);
        await using var connection = await database.OpenAsync(token);
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO api_keys (key_id, secret_sha256, project, role, name, created_at) VALUES (@k, @s, @p, @r, @n, @t)", token,
            ("@k", key.KeyId), ("@s", key.SecretSha256), ("@p", key.Project), ("@r", key.Role), ("@n", key.Name), ("@t", key.CreatedAt));
    }

    public static async Task<KeyRow?> FindAsync(ServerDatabase database, string keyId, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null, "SELECT * FROM api_keys WHERE key_id = @k", token, ("@k", keyId));
        return rows.Count == 0 ? null : Row(rows[0]);
    }

    public static async Task<IReadOnlyList<KeyRow>> ListAsync(ServerDatabase database, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null, "SELECT * FROM api_keys ORDER BY project, created_at, key_id", token);
        return rows.Select(Row).ToList();
    }

    /// <summary>False when there is no such key. Revoking twice keeps the first time.</summary>
    public static async Task<bool> RevokeAsync(ServerDatabase database, string keyId, string now, CancellationToken token)
    {
        // One statement: the key matched or not (rows affected counts a matched row even when its time is kept).
        await using var connection = await database.OpenAsync(token);
        return await Sql.ExecuteAsync(connection, null, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @t) WHERE key_id = @k", token, ("@t", now), ("@k", keyId)) > 0;
    }

    private static KeyRow Row(Dictionary<string, object?> row) => new(
        row.Text("key_id"), row.Text("secret_sha256"), row.Text("project"), row.Text("role"), row.Text("name"), row.Text("created_at"), row.TextOrNull("revoked_at"));
}
