using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gryt.Server.Storage;

namespace Gryt.Server.Keys;

/// <summary>Roles, each including the ones before it.</summary>
internal enum Role
{
    Read = 1,
    Write = 2,
    Release = 3,
    Admin = 4,
}

/// <summary>A stored key, without its secret.</summary>
internal sealed record StoredKey(string KeyId, string Project, Role Role, string Name, string CreatedAt, string? RevokedAt);

/// <summary>
/// API keys: <c>gryt_&lt;key id&gt;_&lt;secret&gt;</c>, key id 12 lower-case hex, secret 32 random bytes
/// base64url. Only the SHA-256 of the secret is stored: a leaked database holds no usable key.
/// </summary>
internal static partial class ApiKeys
{
    public static string RoleWord(Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParseRole(string text, out Role role)
    {
        role = text switch { "read" => Role.Read, "write" => Role.Write, "release" => Role.Release, "admin" => Role.Admin, _ => 0 };
        return role != 0;
    }

    public static bool ValidProject(string project) => ProjectPattern().IsMatch(project);

    /// <summary>Splits a presented key into its id and secret; false when it is not shaped like a key.</summary>
    public static bool TryParse(string presented, out string keyId, out string secret)
    {
        keyId = secret = "";
        var parts = presented.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "gryt" || !KeyIdPattern().IsMatch(parts[1]) || parts[2].Length == 0) return false;
        keyId = parts[1];
        secret = parts[2];
        return true;
    }

    public static string HashSecret(string secret) => Gryt.Sha256.Of(secret);

    /// <summary>Creates a key (and its project when new); returns the key, shown once.</summary>
    public static async Task<(string Key, StoredKey Stored)> CreateAsync(ServerDatabase database, string project, Role role, string name, string now, CancellationToken token)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        await KeyStore.InsertAsync(database, new KeyRow(keyId, HashSecret(secret), project, RoleWord(role), name, now, null), token);
        return ($"gryt_{keyId}_{secret}", new StoredKey(keyId, project, role, name, now, null));
    }

    /// <summary>The key when <paramref name="secret"/> is its secret (compared in fixed time); null otherwise.</summary>
    public static async Task<StoredKey?> FindAsync(ServerDatabase database, string keyId, string secret, CancellationToken token) =>
        await KeyStore.FindAsync(database, keyId, token) is { } row ? Check(row, secret) : null;

    /// <summary><paramref name="row"/> as a key when <paramref name="secret"/> is its secret; null otherwise.</summary>
    public static StoredKey? Check(KeyRow row, string secret)
    {
        var expected = Encoding.ASCII.GetBytes(row.SecretSha256);
        var presented = Encoding.ASCII.GetBytes(HashSecret(secret));
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? Stored(row) : null;
    }

    public static async Task<IReadOnlyList<StoredKey>> ListAsync(ServerDatabase database, CancellationToken token) =>
        (await KeyStore.ListAsync(database, token)).Select(Stored).ToList();

    /// <summary>Revokes a key; false when there is no such key. Revoking twice keeps the first time.</summary>
    public static Task<bool> RevokeAsync(ServerDatabase database, string keyId, string now, CancellationToken token) =>
        KeyStore.RevokeAsync(database, keyId, now, token);

    public static StoredKey Stored(KeyRow row)
    {
        if (!TryParseRole(row.Role, out var role)) throw new InvalidOperationException($"unknown role '{row.Role}' in the database");
        return new(row.KeyId, row.Project, role, row.Name, row.CreatedAt, row.RevokedAt);
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ProjectPattern();
}
