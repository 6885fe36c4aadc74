namespace Gryt;

/// <summary>
/// Global ids for every record that may be synced between machines. UUIDv7 sorts by creation
/// time, so ids double as a stable order and stay unique across repositories and runners.
/// </summary>
internal static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString();

    public static string New(DateTimeOffset at) => Guid.CreateVersion7(at).ToString();

    // Fixed for ever: ids already derived from tags depend on it.
    private static readonly Guid TagNamespace = new("5c0b6a4e-2f4d-4d8e-9a61-0e6f3b1d7c21");

    /// <summary>
    /// The id of a record rebuilt from git tag <paramref name="tag"/> whose object is <paramref name="objectId"/>:
    /// a name-based UUIDv8 (RFC 9562, SHA-256), so every clone that imports the same tag makes the same id.
    /// </summary>
    public static string FromTag(string tag, string objectId)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(objectId);
        var name = System.Text.Encoding.UTF8.GetBytes(tag + "\0" + objectId);
        var input = new byte[16 + name.Length];
        TagNamespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        var hash = System.Security.Cryptography.SHA256.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
