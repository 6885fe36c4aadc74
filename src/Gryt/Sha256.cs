using System.Security.Cryptography;
using System.Text;

namespace Gryt;

/// <summary>SHA-256 as gryt records it (lower-case hex): of files, texts and bytes (snapshots, contracts, audit rows, sync records).</summary>
internal static class Sha256
{
    public static string Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
