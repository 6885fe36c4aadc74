namespace Gryt.Pipelines.Internal;

/// <summary>Replaces the values of secret environment variables with <c>***</c>.</summary>
internal sealed class SecretMasker
{
    public const string Mask = "***";

    private readonly string[] _values;

    private SecretMasker(string[] values) => _values = values;

    public static SecretMasker None { get; } = new([]);

    public bool IsEmpty => _values.Length == 0;

    /// <summary>The values of the variables named in <paramref name="names"/>, found in any of <paramref name="environments"/>.</summary>
    public static SecretMasker From(IReadOnlyList<string> names, params IEnumerable<IReadOnlyDictionary<string, string>> environments)
    {
        if (names.Count == 0) return None;
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var environment in environments)
        {
            foreach (var name in names)
            {
                // A one-character secret would mask every occurrence of that character: not a secret worth the noise.
                if (environment.TryGetValue(name, out var value) && value.Length > 1) values.Add(value);
            }
        }

        // Longest first, so that a secret containing another is masked whole.
        return new SecretMasker([.. values.OrderByDescending(v => v.Length)]);
    }

    public string Apply(string text)
    {
        foreach (var value in _values)
        {
            if (text.Contains(value, StringComparison.Ordinal)) text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    public string? ApplyOrNull(string? text) => text is null ? null : Apply(text);
}
