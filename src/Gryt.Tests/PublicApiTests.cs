namespace Gryt.Tests;

/// <summary>
/// The library's public surface is what pipeline and gate authors use (docs/decisions.md); the
/// analyzer tracks its members in PublicAPI.*.txt, this keeps the number of types from creeping.
/// </summary>
public sealed class PublicApiTests
{
    private const int MostPublicTypes = 90;

    [Fact]
    public void The_library_has_at_most_90_public_types()
    {
        var types = typeof(Pipeline).Assembly.GetExportedTypes().Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();

        Assert.True(types.Count <= MostPublicTypes, $"{types.Count} public types (at most {MostPublicTypes}): {string.Join(", ", types)}");
    }
}
