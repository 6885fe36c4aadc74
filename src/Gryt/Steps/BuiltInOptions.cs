using System.Globalization;
using Gryt.Yaml;

namespace Gryt.Steps;

/// <summary>
/// Reads the plain option values of a built-in step or destination strictly: every option must be
/// known and of the right type, and <see cref="ThrowOnUnknown"/> names what was not read.
/// Shared by <see cref="BuiltInSteps"/> and <see cref="Hooks.Destinations"/>.
/// </summary>
internal sealed class BuiltInOptions
{
    private readonly IReadOnlyDictionary<string, object?> _values;
    private readonly string _owner;
    private readonly List<string> _allowed = [];

    /// <param name="values">The options as the pipeline file gave them.</param>
    /// <param name="owner">How errors name the thing configured, e.g. <c>step 'build' (dotnet-build)</c>.</param>
    public BuiltInOptions(IReadOnlyDictionary<string, object?> values, string owner)
    {
        _values = values;
        _owner = owner;
    }

    private bool TryGet(string name, out object? value)
    {
        _allowed.Add(name);
        return _values.TryGetValue(name, out value) && value is not null;
    }

    private InvalidInputException WrongType(string name, string expected, object? value) =>
        new($"{_owner}: option '{name}' must be {expected}, not {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the text '{s}'",
        bool b => b ? "true" : "false",
        IReadOnlyDictionary<string, object?> => "a mapping",
        IReadOnlyList<object?> => "a list",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? value.GetType().Name,
    };

    public string? String(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value switch
        {
            string s => s,
            long or int or double => Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => throw WrongType(name, "a string", value),
        };
    }

    public string RequiredString(string name)
    {
        var value = String(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInputException($"{_owner}: option '{name}' is required");
        }

        return value;
    }

    public bool? Bool(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value switch
        {
            bool b => b,
            string s when bool.TryParse(s, out var parsed) => parsed,
            _ => throw WrongType(name, "true or false", value),
        };
    }

    /// <summary>A number of seconds (<c>10</c>, <c>2.5</c>) or a duration (<c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>).</summary>
    public TimeSpan? Duration(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        // Numbers are seconds; text is a duration as in pipeline files, or a number of seconds.
        var span = TimeSpan.Zero;
        var problem = value switch
        {
            long l => Durations.CheckSeconds(l, out span),
            int i => Durations.CheckSeconds(i, out span),
            double d => Durations.CheckSeconds(d, out span),
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => Durations.CheckSeconds(seconds, out span),
            string s => Durations.Check(s, out span),
            _ => Durations.NotADuration,
        };
        if (problem is not null)
        {
            throw WrongType(name, "a positive duration up to 1000h such as 10s or 2m", value);
        }

        return span;
    }

    /// <summary>A list of strings; a single string becomes a one-element list.</summary>
    public IReadOnlyList<string>? StringList(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        switch (value)
        {
            case string s:
                return [s];
            case IReadOnlyList<object?> list:
                var result = new List<string>(list.Count);
                foreach (var item in list)
                {
                    result.Add(item switch
                    {
                        string s => s,
                        long or int or double => Convert.ToString(item, CultureInfo.InvariantCulture)!,
                        _ => throw WrongType(name, "a list of strings", value),
                    });
                }

                return result;
            default:
                throw WrongType(name, "a string or a list of strings", value);
        }
    }

    /// <summary>Either one string (returned as <c>Line</c>) or a list of strings (as <c>List</c>).</summary>
    public (string? Line, IReadOnlyList<string>? List) StringOrList(string name)
    {
        if (!TryGet(name, out var value))
        {
            return (null, null);
        }

        return value is string s ? (s, null) : (null, StringList(name));
    }

    /// <summary>Arguments given as text (<c>-v --cov=src</c>, split as a shell would split words,
    /// expanding nothing) or as a list; none when absent.</summary>
    public IReadOnlyList<string> Arguments(string name)
    {
        var (line, list) = StringOrList(name);
        return line is not null ? CommandLine.Split(line) : list ?? [];
    }

    /// <summary>A mapping of names to text values (numbers and booleans are written invariantly).</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value is not IReadOnlyDictionary<string, object?> map)
        {
            throw WrongType(name, "a mapping", value);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            result[key] = item switch
            {
                string s => s,
                bool b => b ? "true" : "false",
                long or int or double => Convert.ToString(item, CultureInfo.InvariantCulture)!,
                _ => throw WrongType($"{name}.{key}", "a string", item),
            };
        }

        return result;
    }

    /// <summary>A string option that must be one of <paramref name="choices"/>.</summary>
    public string? Choice(string name, params string[] choices)
    {
        var value = String(name);
        if (value is not null && !choices.Contains(value, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"{_owner}: option '{name}' must be one of {string.Join(", ", choices)}, not '{value}'");
        }

        return value;
    }

    /// <summary>Throws for any option that no getter asked for, naming it and the allowed ones.</summary>
    public void ThrowOnUnknown()
    {
        var unknown = _values.Keys.Where(k => !_allowed.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var allowed = _allowed.Count == 0
            ? "it takes no options"
            : "allowed: " + string.Join(", ", _allowed.Distinct(StringComparer.Ordinal));
        throw new InvalidInputException(
            $"{_owner}: unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} ({allowed})");
    }
}
