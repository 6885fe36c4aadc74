using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gryt.Evidence;

/// <summary>One signature of a DSSE envelope: which key (a hint, never trusted by itself) and the signature bytes.</summary>
internal sealed record DsseSignature(string KeyId, byte[] Sig);

/// <summary>
/// A DSSE envelope (github.com/secure-systems-lab/dsse, v1): the payload and its type, and signatures
/// over the pre-authentication encoding (<see cref="Pae(string, byte[])"/>) of both, so a signature cannot be moved to
/// another payload type. JSON: <c>payload</c> and <c>sig</c> in standard base64.
/// </summary>
internal sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary><c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, lengths in ASCII decimal bytes.</summary>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(payload);
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} {payloadType} {payload.Length} "));
        return [.. header, .. payload];
    }

    public byte[] Pae() => Pae(PayloadType, Payload);

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            Write(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public void Write(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("payloadType", PayloadType);
        json.WriteBase64String("payload", Payload);
        json.WriteStartArray("signatures");
        foreach (var signature in Signatures)
        {
            json.WriteStartObject();
            json.WriteString("keyid", signature.KeyId);
            json.WriteBase64String("sig", signature.Sig);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The envelope in <paramref name="element"/>, or null when it is not one.</summary>
    public static DsseEnvelope? Read(JsonElement element)
    {
        try
        {
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("payloadType", out var type) || type.ValueKind != JsonValueKind.String
                || !element.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var signatures = new List<DsseSignature>();
            if (element.TryGetProperty("signatures", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var signature in list.EnumerateArray())
                {
                    if (signature.ValueKind != JsonValueKind.Object || !signature.TryGetProperty("sig", out var sig) || sig.ValueKind != JsonValueKind.String) return null;
                    var keyId = signature.TryGetProperty("keyid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
                    signatures.Add(new DsseSignature(keyId, sig.GetBytesFromBase64()));
                }
            }

            return new DsseEnvelope(type.GetString()!, payload.GetBytesFromBase64(), signatures);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
