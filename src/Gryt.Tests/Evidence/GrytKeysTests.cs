using Gryt.Evidence;

namespace Gryt.Tests.Evidence;

/// <summary>The name <c>gryt key generate</c> gives a key when <c>--name</c> is not given.</summary>
public sealed class GrytKeysTests
{
    private static string DefaultName(params (string Name, string Value)[] variables) =>
        new GrytKeys(name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault()).DefaultName();

    [Fact]
    public void The_default_name_is_the_login_name_as_a_valid_key_name_else_release()
    {
        Assert.Equal("ada", DefaultName(("USER", "ada")));
        Assert.Equal("bob", DefaultName(("USERNAME", "bob")));
        Assert.Equal("adal", DefaultName(("USER", ".ada l")));
        Assert.Equal("release", DefaultName());
        Assert.Equal("release", DefaultName(("USER", "ü ...")));
        var longName = DefaultName(("USER", new string('a', 100)));
        Assert.Equal(64, longName.Length);
        GrytKeys.CheckName(longName);
    }
}
