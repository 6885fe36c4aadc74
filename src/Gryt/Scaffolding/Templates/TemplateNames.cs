using System.Text;

namespace Gryt.Scaffolding.Templates;

/// <summary>
/// The placeholders of template files, all derived from the new folder's name:
/// <c>{{name}}</c> (lower-case words joined by dashes: npm package, Go module, binary),
/// <c>{{Name}}</c> (a PascalCase identifier: .NET project and namespace) and
/// <c>{{package}}</c> (a snake_case identifier: Python package).
/// </summary>
internal sealed record TemplateNames(string Name, string PascalName, string PackageName)
{
    private const string Fallback = "app";

    public static TemplateNames From(string folderName)
    {
        var words = Words(folderName);
        if (words.Count == 0) words = [Fallback];
        var slug = string.Join('-', words);
        var pascal = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var package = string.Join('_', words);
        // Identifiers cannot start with a digit.
        if (char.IsAsciiDigit(pascal[0])) pascal = "App" + pascal;
        if (char.IsAsciiDigit(package[0])) package = Fallback + "_" + package;
        return new TemplateNames(slug, pascal, package);
    }

    public string Apply(string text) => text
        .Replace("{{name}}", Name, StringComparison.Ordinal)
        .Replace("{{Name}}", PascalName, StringComparison.Ordinal)
        .Replace("{{package}}", PackageName, StringComparison.Ordinal);

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                current.Append(char.ToLowerInvariant(ch));
                continue;
            }

            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }

        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}
