namespace {{Name}}.Tests;

public class GreeterTests
{
    [Fact]
    public void Greets_by_name() => Assert.Equal("Hello, Ada!", Greeter.Greet("Ada"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Greets_the_world_without_a_name(string? name) => Assert.Equal("Hello, world!", Greeter.Greet(name));
}
