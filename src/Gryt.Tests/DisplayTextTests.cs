namespace Gryt.Tests;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("Stripe Connect", '?', "Stripe Connect")]
    [InlineData("a\u001b[31mred", '?', "a?[31mred")]
    [InlineData("\u202Eevil\u2066", '\uFFFD', "\uFFFDevil\uFFFD")]
    [InlineData("line\nbreak\u2028", '?', "line?break?")]
    public void Sanitized_replaces_control_and_bidirectional_characters_and_keeps_the_rest(string text, char replacement, string expected) =>
        Assert.Equal(expected, DisplayText.Sanitized(text, replacement));

    [Fact]
    public void Sanitized_returns_a_safe_text_itself() =>
        Assert.Same(string.Intern("v2.1.0"), DisplayText.Sanitized(string.Intern("v2.1.0"), '?'));
}
