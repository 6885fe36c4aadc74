using System.Security.Cryptography;

namespace Gryt;

/// <summary>SHA-256 as gryt records it (lower-case hex): of snapshots, exports and provenance files.</summary>
internal static class Sha256
{
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
