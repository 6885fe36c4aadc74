namespace Gryt.Pipelines.Internal;

/// <summary>
/// Replaces the values of secret environment variables with <c>***</c>. A multi-line value is
/// masked whole and line by line: output reaches the masker one line at a time, so the whole
/// value never appears in a single line of a step's output.
/// </summary>
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
                if (!environment.TryGetValue(name, out var value)) continue;
                Add(values, value);
                if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
                {
                    foreach (var line in value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)) Add(values, line);
                }
            }
        }

        // Longest first, so that a secret containing another (the whole value holding its lines) is masked whole.
        return new SecretMasker([.. values.OrderByDescending(v => v.Length)]);
    }

    // A one-character secret (or line of one) would mask every occurrence of that character: not a secret worth the noise.
    private static void Add(HashSet<string> values, string value)
    {
        if (value.Trim().Length > 1) values.Add(value);
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
