using System.Text.Json;
using Gryt.Contracts;
using Gryt.Evidence;
using Gryt.Git;
using Gryt.Promotion;
using Gryt.Tests.Evolutions;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Evidence;

/// <summary>Issue 14: the CycloneDX 1.6 SBOM a promotion writes from the project's lock files.</summary>
public sealed class SbomTests
{
    private static string Lock(string relative) => Path.Combine(AppContext.BaseDirectory, "TestData", "locks", relative);

    private static void Copy(string from, string root, string to)
    {
        var target = Path.Combine(root, to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Lock(from), target);
    }

    [Fact]
    public void Lock_files_anywhere_in_the_project_are_merged_by_purl_and_sorted_and_ignored_folders_are_skipped()
    {
        using var dir = new TempDirectory();
        Copy("npm/package-lock.json", dir.Path, "web/package-lock.json");
        Copy("npm/package-lock.json", dir.Path, "admin/package-lock.json");
        Copy("dotnet/project.assets.json", dir.Path, "src/App/obj/project.assets.json");
        Copy("go/go.sum", dir.Path, "tools/go.sum");
        Copy("go/go.mod", dir.Path, "tools/go.mod");
        Copy("rust/Cargo.lock", dir.Path, "Cargo.lock");
        Copy("python/uv.lock", dir.Path, "py/uv.lock");
        // Not the project's: installed packages' own locks, a build output.
        Copy("rust/Cargo.lock", dir.Path, "web/node_modules/x/Cargo.lock");
        Copy("go/go.sum", dir.Path, "target/go.sum");

        var inventory = LockInventory.Read(dir.Path);

        Assert.Equal(["Cargo.lock", "admin/package-lock.json", "py/uv.lock", "src/App/obj/project.assets.json", "tools/go.sum", "web/package-lock.json"], inventory.LockFiles);
        Assert.Equal(3 + 8 + 3 + 4 + 4, inventory.Components.Count);
        Assert.Equal(inventory.Components.Select(c => c.Purl).Order(StringComparer.Ordinal), inventory.Components.Select(c => c.Purl));
        var debug = Assert.Single(inventory.Components, c => c.Purl == "pkg:npm/debug@4.3.4");
        Assert.Equal(["admin/package-lock.json", "web/package-lock.json"], debug.Properties.Where(p => p.Key == "gryt:lock").Select(p => p.Value));
        Assert.Empty(inventory.Warnings);
    }

    [Fact]
    public void A_project_assets_file_beside_a_packages_lock_is_not_read_twice()
    {
        using var dir = new TempDirectory();
        Copy("dotnet/packages.lock.json", dir.Path, "App/packages.lock.json");
        Copy("dotnet/project.assets.json", dir.Path, "App/obj/project.assets.json");

        Assert.Equal(["App/packages.lock.json"], LockInventory.Read(dir.Path).LockFiles);
    }

    [Fact]
    public void The_sbom_is_cyclonedx_1_6_with_the_release_as_metadata_component_and_is_the_same_bytes_for_the_same_inputs()
    {
        using var dir = new TempDirectory();
        Copy("npm/package-lock.json", dir.Path, "package-lock.json");
        var inventory = LockInventory.Read(dir.Path);
        var at = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        const string commit = "0123456789abcdef0123456789abcdef01234567";

        var bytes = SbomWriter.Serialize("shop", "v1.2.0", commit, at, inventory);

        Assert.Equal(bytes, SbomWriter.Serialize("shop", "v1.2.0", commit, at, inventory));
        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        Assert.Equal("CycloneDX", root.GetProperty("bomFormat").GetString());
        Assert.Equal("1.6", root.GetProperty("specVersion").GetString());
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", root.GetProperty("serialNumber").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        var metadata = root.GetProperty("metadata");
        Assert.Equal("2026-11-27T12:00:00.000Z", metadata.GetProperty("timestamp").GetString());
        Assert.Equal("gryt", metadata.GetProperty("tools").GetProperty("components")[0].GetProperty("name").GetString());
        Assert.Equal(("shop", "v1.2.0"), (metadata.GetProperty("component").GetProperty("name").GetString(), metadata.GetProperty("component").GetProperty("version").GetString()));
        Assert.Contains(metadata.GetProperty("properties").EnumerateArray(), p => p.GetProperty("name").GetString() == "gryt:commit" && p.GetProperty("value").GetString() == commit);

        var components = root.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["pkg:npm/%40types/ms@0.7.34", "pkg:npm/debug@4.3.4", "pkg:npm/ms@2.1.2"], components.Select(c => c.GetProperty("purl").GetString()));
        var debug = components[1];
        Assert.Equal(("library", "debug", "4.3.4", "required"), (debug.GetProperty("type").GetString(), debug.GetProperty("name").GetString(), debug.GetProperty("version").GetString(), debug.GetProperty("scope").GetString()));
        Assert.Equal("SHA-512", debug.GetProperty("hashes")[0].GetProperty("alg").GetString());
        Assert.Equal("@types", components[0].GetProperty("group").GetString());

        var dependencies = root.GetProperty("dependencies").EnumerateArray().ToDictionary(d => d.GetProperty("ref").GetString()!, d => d.GetProperty("dependsOn").EnumerateArray().Select(x => x.GetString()).ToList());
        Assert.Equal(["pkg:npm/%40types/ms@0.7.34", "pkg:npm/debug@4.3.4"], dependencies["release"]);
        Assert.Equal(["pkg:npm/ms@2.1.2"], dependencies["pkg:npm/debug@4.3.4"]);
        Assert.Null(SbomCheckProblem(bytes, "v1.2.0", commit));
        Assert.Equal("the SBOM names commit 0123456789ab, the release is fedcba987654", SbomCheckProblem(bytes, "v1.2.0", "fedcba9876543210fedcba9876543210fedcba98"));
    }

    private static string? SbomCheckProblem(byte[] bytes, string version, string commit)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "sbom.json");
        File.WriteAllBytes(path, bytes);
        return SbomCheck.Problem(path, version, commit);
    }

    [Fact]
    public async Task Promotion_writes_the_sbom_beside_the_provenance_naming_the_release_commit()
    {
        using var repo = new ReleaseRepository();
        Copy("npm/package-lock.json", repo.Root, "package-lock.json");
        Copy("rust/Cargo.lock", repo.Root, "Cargo.lock");

        await repo.ProveAndPromoteAsync("v1.0.0");

        var path = Path.Combine(repo.Root, ".gryt", "releases", "v1.0.0.cdx.json");
        var commit = repo.Git("rev-parse", "v1.0.0^{commit}").Trim();
        Assert.Null(SbomCheck.Problem(path, "v1.0.0", commit));
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(7, json.RootElement.GetProperty("components").GetArrayLength());
    }

    [Fact]
    public void Lock_files_are_read_as_committed_and_a_restore_output_from_the_working_tree()
    {
        using var repo = new GitRepository();
        Copy("npm/package-lock.json", repo.Root, "app/web/package-lock.json");
        Copy("dotnet/packages.lock.json", repo.Root, "app/Locked/packages.lock.json");
        File.WriteAllText(Path.Combine(repo.Root, "app", "Locked", "Locked.csproj"), "<Project />\n");
        Directory.CreateDirectory(Path.Combine(repo.Root, "app", "Api"));
        File.WriteAllText(Path.Combine(repo.Root, "app", "Api", "Api.csproj"), "<Project />\n");
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "locks");
        var commit = repo.Git("rev-parse", "HEAD").Trim();
        // Since the commit: the lock edited (now not even JSON), a new lock not added, restore output (never committed)
        // of two committed projects, one of which commits its packages.lock.json, and of a project not committed.
        File.WriteAllText(Path.Combine(repo.Root, "app", "web", "package-lock.json"), "{ edited");
        Copy("rust/Cargo.lock", repo.Root, "app/Cargo.lock");
        Copy("dotnet/project.assets.json", repo.Root, "app/Api/obj/project.assets.json");
        Copy("dotnet/project.assets.json", repo.Root, "app/Locked/obj/project.assets.json");
        Copy("dotnet/project.assets.json", repo.Root, "app/New/obj/project.assets.json"); // a project not committed
        var root = Path.Combine(repo.Root, "app");

        var inventory = LockInventory.ReadAt(new GitClient(root), root, commit);

        Assert.Equal(["Api/obj/project.assets.json", "Locked/packages.lock.json", "web/package-lock.json"], inventory.LockFiles);
        Assert.Contains("pkg:npm/debug@4.3.4", inventory.Components.Select(c => c.Purl));
        Assert.DoesNotContain(inventory.Components, c => c.Purl.StartsWith("pkg:cargo/", StringComparison.Ordinal));
        Assert.Throws<InvalidFileException>(() => LockInventory.Read(root));
    }

    [Fact]
    public void A_lock_file_that_gitattributes_keeps_out_of_archives_still_counts()
    {
        using var repo = new GitRepository();
        Copy("npm/package-lock.json", repo.Root, "app/web/package-lock.json");
        Copy("rust/Cargo.lock", repo.Root, "app/Cargo.lock");
        File.WriteAllText(Path.Combine(repo.Root, "app", ".gitattributes"), "package-lock.json export-ignore\n");
        Directory.CreateDirectory(Path.Combine(repo.Root, ".git", "info"));
        File.WriteAllText(Path.Combine(repo.Root, ".git", "info", "attributes"), "Cargo.lock export-ignore\n");
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "locks");
        var commit = repo.Git("rev-parse", "HEAD").Trim();
        var root = Path.Combine(repo.Root, "app");

        var inventory = LockInventory.ReadAt(new GitClient(root), root, commit);

        Assert.Equal(["Cargo.lock", "web/package-lock.json"], inventory.LockFiles);
        Assert.Contains("pkg:npm/debug@4.3.4", inventory.Components.Select(c => c.Purl));
        Assert.Contains(inventory.Components, c => c.Purl.StartsWith("pkg:cargo/", StringComparison.Ordinal));
        Assert.Empty(inventory.Warnings);
        // Read from the commit: nothing of the copy is left in the working tree or the repository's index.
        Assert.Equal("", repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task Promotion_writes_the_sbom_of_the_release_commit_whatever_the_working_tree_holds()
    {
        using var repo = new ReleaseRepository();
        await ProveAsync(repo, () => Copy("npm/package-lock.json", repo.Root, "package-lock.json"));
        var committed = File.ReadAllText(Path.Combine(repo.Root, "package-lock.json"));
        File.WriteAllText(Path.Combine(repo.Root, "package-lock.json"), committed.Replace("\"4.3.4\"", "\"9.9.9\"", StringComparison.Ordinal));
        Copy("rust/Cargo.lock", repo.Root, "Cargo.lock");

        var result = await PromoteAsync(repo);

        Assert.Equal(3, result.Sbom!.Components);
        Assert.Empty(result.Sbom.Warnings);
        var sbom = File.ReadAllText(result.Sbom.Path);
        Assert.Contains("pkg:npm/debug@4.3.4", sbom, StringComparison.Ordinal);
        Assert.DoesNotContain("9.9.9", sbom, StringComparison.Ordinal);
        Assert.DoesNotContain("pkg:cargo/", sbom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promotion_result_names_the_sbom_and_its_sha256_and_a_project_without_locks_gets_an_empty_one_with_a_warning()
    {
        using var repo = new ReleaseRepository();
        await ProveAsync(repo, () => { });

        var result = await PromoteAsync(repo);

        var sbom = result.Sbom!;
        Assert.Equal(Sha256.OfFile(sbom.Path), sbom.Sha256);
        Assert.Equal(0, sbom.Components);
        Assert.StartsWith("no lock file found", Assert.Single(sbom.Warnings), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllBytes(sbom.Path));
        Assert.Equal(0, json.RootElement.GetProperty("components").GetArrayLength());
    }

    [Fact]
    public async Task A_malformed_lock_file_stops_the_promotion_before_anything_is_written()
    {
        using var repo = new ReleaseRepository();
        // Committed: the SBOM is read from the release commit.
        await ProveAsync(repo, () => File.WriteAllText(Path.Combine(repo.Root, "package-lock.json"), "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n"));
        var auditEvents = repo.Count("SELECT count(*) FROM audit_events");

        var error = await Assert.ThrowsAsync<InvalidFileException>(() => PromoteAsync(repo));

        Assert.StartsWith("package-lock.json:4:", error.Message, StringComparison.Ordinal);
        Assert.False(repo.Tags.TagExists("v1.0.0"));
        Assert.False(Directory.Exists(Path.Combine(repo.Root, ".gryt", "releases")));
        Assert.Equal(auditEvents, repo.Count("SELECT count(*) FROM audit_events"));
        Assert.Equal(GenerationStatus.Draft, repo.Contracts.Show("v1.0.0").Generation.Status);
    }

    /// <summary>v1.0.0 with FEAT-1, proven by a passing evolution at a commit of what <paramref name="beforeCommit"/> wrote.</summary>
    private static async Task ProveAsync(ReleaseRepository repo, Action beforeCommit)
    {
        repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var evolutions = new Gryt.Evolutions.EvolutionService(repo.Project, repo.Database, repo.Context, repo.Tags);
        var evolution = (await evolutions.StartAsync("v1.0.0", ["FEAT-1"], null, StepsOf.None)).Evolution;
        beforeCommit();
        var run = repo.Run(Guid.NewGuid().ToString(), repo.Commit("work"));
        evolutions.BindRun(evolution);
        evolutions.Complete(evolution, RunStatus.Pass, run);
    }

    private static Task<PromotionResult> PromoteAsync(ReleaseRepository repo) =>
        new PromotionService(repo.Project, repo.Database, repo.Context, repo.Tags)
            .PromoteAsync("v1.0.0", new TestData(repo.Database), [new AllChangesProvenGate()], false, null);
}
