using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>The usage guide's Best Practices example, <c>- add: Stripe integration</c>, works as written.</summary>
public sealed class ContractShorthandTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public void The_guides_shorthand_contract_syncs_and_shows_derived_ids()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", """
            version: v2.1.0
            description: "Payment processing improvements"
            changes:
              - add: Stripe integration
              - fix: Webhook race condition
              - refine: Payment flow UX
            """);

        var update = _project.Gryt.Ok("generation", "update", "v2.1.0").Out;
        Assert.Contains("+ add-stripe-integration", update, StringComparison.Ordinal);
        Assert.Contains("+ fix-webhook-race-condition", update, StringComparison.Ordinal);

        var show = _project.Gryt.Ok("generation", "show", "v2.1.0").Out;
        Assert.Matches(@"add-stripe-integration\s+add\s+unproven\s+Stripe integration", show);
        Assert.Matches(@"refine-payment-flow-ux\s+refine\s+unproven\s+Payment flow UX", show);
        Assert.Equal("add-stripe-integration\nfix-webhook-race-condition\nrefine-payment-flow-ux\n", _project.Gryt.Ok("__complete", "changes").Out);
    }
}
