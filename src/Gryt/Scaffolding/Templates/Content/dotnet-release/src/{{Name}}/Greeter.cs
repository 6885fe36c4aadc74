namespace {{Name}};

/// <summary>Greets people.</summary>
public static class Greeter
{
    /// <summary>The greeting for <paramref name="name"/>; a blank name greets the world.</summary>
    public static string Greet(string? name)
    {
        var who = string.IsNullOrWhiteSpace(name) ? "world" : name.Trim();
        return $"Hello, {who}!";
    }
}
