using Gryt.Contracts;
using Gryt.Scaffolding.GenTest;
using Gryt.Tests.Evolutions;

namespace Gryt.Tests.Scaffolding;

public sealed class GenTestTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private GenTestService Service => new(_repo.Project, _repo.Database, _repo.Context);

    [Fact]
    public void Editor_adds_a_pipeline_key_under_the_id_and_keeps_comments()
    {
        const string text = "# my contract\nversion: v2.1.0\nchanges:\n  - type: add   # new\n    id: FEAT-101\n    title: \"Stripe\"\n  - { type: fix, id: BUG-42, title: x }\n";

        var edited = ContractFileEditor.SetPipeline(ContractFileEditor.SetPipeline(text, "FEAT-101", "A.cs"), "BUG-42", "B.cs");

        Assert.Equal("# my contract\nversion: v2.1.0\nchanges:\n  - type: add   # new\n    id: FEAT-101\n    pipeline: A.cs\n    title: \"Stripe\"\n  - { type: fix, id: BUG-42, title: x, pipeline: B.cs }\n", edited);
    }

    [Fact]
    public void Editor_adds_a_pipeline_key_to_a_shorthand_change()
    {
        const string text = "version: v2.1.0\nchanges:\n  - add: Stripe integration\n  - fix: Webhook race condition\n  - { refine: Payment flow UX }\n";

        var edited = ContractFileEditor.SetPipeline(text, "fix-webhook-race-condition", "B.cs");
        edited = ContractFileEditor.SetPipeline(edited, "refine-payment-flow-ux", "C.cs");

        Assert.Equal("version: v2.1.0\nchanges:\n  - add: Stripe integration\n  - fix: Webhook race condition\n    pipeline: B.cs\n  - { refine: Payment flow UX, pipeline: C.cs }\n", edited);
        var parsed = ContractFile.Parse(System.Text.Encoding.UTF8.GetBytes(edited), "v2.1.0.yaml", SemanticVersion.Parse("v2.1.0"));
        Assert.Equal([null, "B.cs", "C.cs"], parsed.Changes.Select(c => c.Pipeline));
    }

    [Fact]
    public void Editor_replaces_an_existing_pipeline_value()
    {
        const string text = "version: v1.0.0\nchanges:\n  - type: add\n    id: A-1\n    title: a\n    pipeline: old.yaml\n";

        Assert.Equal(text.Replace("old.yaml", "new.yaml", StringComparison.Ordinal), ContractFileEditor.SetPipeline(text, "A-1", "new.yaml"));
    }

    [Theory]
    [InlineData(ChangeType.Add, "e2e-tests")]
    [InlineData(ChangeType.Fix, "regression-tests")]
    [InlineData(ChangeType.Refine, "load-tests")]
    [InlineData(ChangeType.Remove, "orphaned-references")]
    public void Steps_are_chosen_by_change_type(ChangeType type, string expected) =>
        Assert.Contains(ValidationPipelines.StepsFor(type), s => s.Name == expected);

    [Fact]
    public void Generate_writes_one_file_per_change_links_them_and_never_overwrites_without_force()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"), ("BUG-42", "fix"));

        var first = Service.Generate("v2.1.0", null, PipelineFileFormat.Yaml, force: false, "#:package Gryt@0.1.0");

        Assert.All(first, r => Assert.True(r.Written));
        var feat = Path.Combine(_repo.Project.PipelinesFolder, "v2_1_0_FEAT_101_VALIDATION_PIPELINE.yaml");
        Assert.Contains("e2e-tests", File.ReadAllText(feat), StringComparison.Ordinal);
        Assert.Contains("exit 1", File.ReadAllText(feat), StringComparison.Ordinal);
        var changes = _repo.Contracts.Show("v2.1.0").Changes;
        Assert.Equal("v2_1_0_FEAT_101_VALIDATION_PIPELINE.yaml", changes.Single(c => c.ChangeId == "FEAT-101").Pipeline);
        Assert.Contains("pipeline: v2_1_0_BUG_42_VALIDATION_PIPELINE.yaml", File.ReadAllText(_repo.Project.GenerationFile(SemanticVersion.Parse("v2.1.0"))), StringComparison.Ordinal);

        File.WriteAllText(feat, "edited by hand");
        var second = Service.Generate("v2.1.0", ["FEAT-101"], PipelineFileFormat.Yaml, force: false, "");
        Assert.False(second.Single().Written);
        Assert.Equal("edited by hand", File.ReadAllText(feat));

        Service.Generate("v2.1.0", ["FEAT-101"], PipelineFileFormat.Yaml, force: true, "");
        Assert.NotEqual("edited by hand", File.ReadAllText(feat));
    }

    [Fact]
    public void Generate_in_csharp_names_the_file_like_the_guide()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));

        Service.Generate("v2.1.0", ["FEAT-101"], PipelineFileFormat.CSharp, force: false, "#:package Gryt@0.1.0");

        var text = File.ReadAllText(Path.Combine(_repo.Project.PipelinesFolder, "v2_1_0_FEAT_101_VALIDATION_PIPELINE.cs"));
        Assert.StartsWith("#:package Gryt@0.1.0\n", text, StringComparison.Ordinal);
        Assert.Contains("new CommandStep(\"e2e-tests\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_refuses_an_unknown_change()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));

        Assert.Throws<NotFoundException>(() => Service.Generate("v2.1.0", ["NOPE"], PipelineFileFormat.Yaml, force: false, ""));
        Assert.Empty(Directory.GetFiles(_repo.Project.PipelinesFolder, "v2_1_0*"));
    }
}
