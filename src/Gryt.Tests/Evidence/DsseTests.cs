using System.Text;
using System.Text.Json;
using Gryt.Evidence;

namespace Gryt.Tests.Evidence;

/// <summary>The DSSE envelope as the spec defines it: other tools (cosign, in-toto) must read what gryt signs.</summary>
public sealed class DsseTests
{
    [Fact]
    public void The_pre_authentication_encoding_is_the_specs_test_vector()
    {
        var pae = DsseEnvelope.Pae("http://example.com/HelloWorld", Encoding.UTF8.GetBytes("hello world"));

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void Lengths_count_bytes_not_characters()
    {
        var pae = DsseEnvelope.Pae("t", Encoding.UTF8.GetBytes("é"));

        Assert.Equal("DSSEv1 1 t 2 é", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void An_envelope_reads_back_as_written_with_standard_base64()
    {
        var envelope = new DsseEnvelope(DsseEnvelope.InTotoPayloadType, Encoding.UTF8.GetBytes("{\"_type\":\"x\"}"), [new DsseSignature("gryt-key:ada", [0xfb, 0xff, 0x01])]);

        var json = envelope.ToJson();
        using var document = JsonDocument.Parse(json);
        var read = DsseEnvelope.Read(document.RootElement)!;

        Assert.Contains("\"sig\": \"+/8B\"", json, StringComparison.Ordinal);
        Assert.Equal(envelope.Payload, read.Payload);
        Assert.Equal(envelope.PayloadType, read.PayloadType);
        Assert.Equal(envelope.Signatures[0].Sig, read.Signatures[0].Sig);
        Assert.Equal("gryt-key:ada", read.Signatures[0].KeyId);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"payloadType\":\"t\"}")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"not base64!\"}")]
    [InlineData("{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"keyid\":\"k\"}]}")]
    public void What_is_not_an_envelope_reads_as_none(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Null(DsseEnvelope.Read(document.RootElement));
    }
}
