using System.Text.Json;
using Gryt.Sync.Wire;

namespace Gryt.Tests.Sync;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Properties_are_sorted_by_ordinal_name_and_whitespace_dropped()
    {
        Assert.Equal("""{"B":1,"a":{"x":[1,2],"y":null},"b":true}""",
            CanonicalJson.Serialize("""{ "b": true, "a": { "y": null, "x": [ 1, 2 ] }, "B": 1 }"""));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1e2", "100")]
    [InlineData("-0", "0")]
    [InlineData("1.50", "1.5")]
    [InlineData("0.25", "0.25")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    public void Integral_numbers_are_written_as_integers_and_fractions_normalised(string number, string canonical)
    {
        Assert.Equal($$"""{"n":{{canonical}}}""", CanonicalJson.Serialize($$"""{"n":{{number}}}"""));
    }

    [Fact]
    public void Strings_are_escaped_only_where_json_requires()
    {
        Assert.Equal("""["é <b>&'","q\"\\","\n\t\u0001","😀"]""",
            CanonicalJson.Serialize("""["\u00e9 <b>&'", "q\"\\", "\n\t\u0001", "\ud83d\ude00"]"""));
    }

    [Fact]
    public void Equal_content_written_differently_hashes_alike()
    {
        using var a = JsonDocument.Parse("""{"status":"pass","exit_code":0,"tag":"v1.0.0-rc.1"}""");
        using var b = JsonDocument.Parse("""{ "tag" : "v1.0.0-rc.1", "exit_code" : 0.0, "status" : "pass" }""");
        using var c = JsonDocument.Parse("""{"status":"fail","exit_code":0,"tag":"v1.0.0-rc.1"}""");
        Assert.Equal(CanonicalJson.Hash(a.RootElement), CanonicalJson.Hash(b.RootElement));
        Assert.NotEqual(CanonicalJson.Hash(a.RootElement), CanonicalJson.Hash(c.RootElement));
        Assert.Matches("^[0-9a-f]{64}$", CanonicalJson.Hash(a.RootElement));
    }

    [Fact]
    public void The_hash_is_sha256_of_the_canonical_utf8_bytes()
    {
        using var doc = JsonDocument.Parse("""{"b":"é","a":1}""");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("""{"a":1,"b":"é"}"""u8));
        Assert.Equal(expected, CanonicalJson.Hash(doc.RootElement));
    }

    [Fact]
    public void Numbers_beyond_decimal_are_the_shortest_double_and_infinite_ones_are_refused()
    {
        Assert.Equal("[1E+300]", CanonicalJson.Serialize("[1e300]"));
        Assert.Throws<JsonException>(() => CanonicalJson.Serialize("[1e400]"));
    }

    [Fact]
    public void A_property_given_twice_is_refused()
    {
        Assert.Throws<JsonException>(() => CanonicalJson.Serialize("""{"a":1,"a":2}"""));
    }

    [Fact]
    public void Typed_content_round_trips_through_the_wire_context_with_the_same_hash()
    {
        var run = new RunContent("r1", "ci", "pass", "e1", "abc", false, "2026-01-01T00:00:00Z", null, 0, "box", null, "alice");
        var record = WireRecord.Of(RecordKinds.Run, "r1", run, SyncJsonContext.Default.RunContent);
        var json = JsonSerializer.Serialize(new PushRecordsRequest([record]), SyncJsonContext.Default.PushRecordsRequest);
        Assert.Contains("\"pipeline_name\":\"ci\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, SyncJsonContext.Default.PushRecordsRequest)!;
        Assert.Equal(record.Sha256, CanonicalJson.Hash(back.Records[0].Content));
        Assert.Equal(run, back.Records[0].Content.Deserialize(SyncJsonContext.Default.RunContent));
    }

    [Fact]
    public void Artifacts_beside_records_are_optional_both_ways()
    {
        // A server that predates a field skips it (as one that predates artifacts skips them); a client that predates it sends none.
        var request = JsonSerializer.Deserialize("""{"records":[],"artifacts":[],"a_later_field":{"x":1}}""", SyncJsonContext.Default.PushRecordsRequest)!;
        Assert.Empty(request.Artifacts!);
        Assert.Null(JsonSerializer.Deserialize("""{"records":[]}""", SyncJsonContext.Default.PushRecordsRequest)!.Artifacts);
        // The answer of a server that predates artifacts names no count: the client keeps them to offer again.
        Assert.Null(JsonSerializer.Deserialize("""{"results":[]}""", SyncJsonContext.Default.PushRecordsResponse)!.Artifacts);
        Assert.Equal(2, JsonSerializer.Deserialize("""{"results":[],"artifacts":2}""", SyncJsonContext.Default.PushRecordsResponse)!.Artifacts);
    }

    [Fact]
    public void A_request_missing_a_required_field_is_refused()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"commit_sha":"abc"}""", SyncJsonContext.Default.PromotionRequest));
    }
}
