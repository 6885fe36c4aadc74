using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>The guide's feature release v2.1.0 (FEAT-101, BUG-42, pipeline "release"), declared and committed in a real repository.</summary>
internal static class GuideFeatureRelease
{
    /// <summary>Runs <c>gryt init</c>, writes the contract and a one-step pipeline running <paramref name="testCommand"/>, commits both.</summary>
    public static void Declare(GitRepository repo, CliRunner gryt, string testCommand)
    {
        gryt.Ok("init");
        gryt.Ok("generation", "new", "v2.1.0");
        File.WriteAllText(Path.Combine(repo.Root, ".gryt", "generations", "v2.1.0.yaml"),
            "version: v2.1.0\nchanges:\n  - type: add\n    id: FEAT-101\n    title: \"Stripe Connect support\"\n  - type: fix\n    id: BUG-42\n    title: \"Timeout on large transactions\"\npipeline_template: release\n");
        File.WriteAllText(Path.Combine(repo.Root, ".gryt", "pipelines", "release.yaml"),
            "name: release\nsteps:\n  - name: test\n    run: " + testCommand + "\n");
        repo.Git("add", "-A");
        repo.Git("commit", "--quiet", "-m", "contract and pipeline");
    }
}
