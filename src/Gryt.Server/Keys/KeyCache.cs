using Gryt.Server.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Gryt.Server.Keys;

/// <summary>
/// Keys as the requests present them, each row kept for <see cref="Lifetime"/> so that a busy client
/// (a dashboard polling, a push of many batches) does not read <c>api_keys</c> on every request.
/// The price: a key revoked by <c>gryt-server keys revoke</c> (another process) is refused at most
/// <see cref="Lifetime"/> later. Only found rows are kept; the secret is checked on every request.
/// </summary>
internal sealed class KeyCache(ServerDatabase database, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    /// <summary>The key when the id exists and <paramref name="secret"/> is its secret; null otherwise.</summary>
    public async Task<StoredKey?> FindAsync(string keyId, string secret, CancellationToken token)
    {
        var row = await RowAsync(keyId, token);
        return row is null ? null : ApiKeys.Check(row, secret);
    }

    private async Task<KeyRow?> RowAsync(string keyId, CancellationToken token)
    {
        if (cache.TryGetValue(("api_key", keyId), out KeyRow? row)) return row;
        row = await KeyStore.FindAsync(database, keyId, token);
        if (row is not null) cache.Set(("api_key", keyId), row, Lifetime);
        return row;
    }

    /// <summary>The key with this id, without a secret: for a browser session, which proved the secret when it was made.</summary>
    public async Task<StoredKey?> FindByIdAsync(string keyId, CancellationToken token)
    {
        var row = await RowAsync(keyId, token);
        return row is null ? null : ApiKeys.Stored(row);
    }

    /// <summary>The key of a presented <c>gryt_…</c> text, or null when it is not shaped like a key or not valid.</summary>
    public async Task<StoredKey?> FindAsync(string presented, CancellationToken token) =>
        ApiKeys.TryParse(presented.Trim(), out var keyId, out var secret) ? await FindAsync(keyId, secret, token) : null;
}
