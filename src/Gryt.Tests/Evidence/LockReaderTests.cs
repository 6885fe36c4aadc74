using Gryt.Evidence;
using Gryt.Evidence.Locks;

namespace Gryt.Tests.Evidence;

/// <summary>Issue 14: each ecosystem's lock file, as its tool writes it (TestData/locks), read into SBOM components.</summary>
public sealed class LockReaderTests
{
    private static string Lock(string relative) => Path.Combine(AppContext.BaseDirectory, "TestData", "locks", relative);

    private static SbomComponent One(LockRead read, string purl) => Assert.Single(read.Components, c => c.Purl == purl);

    [Fact]
    public void Npm_lock_gives_purls_with_scopes_sha512_from_integrity_dev_scope_and_dependencies()
    {
        var read = NpmLock.Read(Lock("npm/package-lock.json"), "package-lock.json");

        Assert.Equal(["pkg:npm/%40types/ms@0.7.34", "pkg:npm/debug@4.3.4", "pkg:npm/ms@2.1.2"], read.Components.Select(c => c.Purl).Order(StringComparer.Ordinal));
        var debug = One(read, "pkg:npm/debug@4.3.4");
        Assert.Equal("required", debug.Scope);
        Assert.Equal(["pkg:npm/ms@2.1.2"], debug.DependsOn);
        // "sha512-PRWF…" base64 as hex.
        Assert.Equal(new SbomHash("SHA-512", Convert.ToHexStringLower(Convert.FromBase64String("PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ=="))), Assert.Single(debug.Hashes));
        var types = One(read, "pkg:npm/%40types/ms@0.7.34");
        Assert.Equal(("@types", "ms", "excluded"), (types.Group, types.Name, types.Scope));
        Assert.Equal(["pkg:npm/%40types/ms@0.7.34", "pkg:npm/debug@4.3.4"], read.Direct!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_nested_node_modules_copy_is_found_before_the_hoisted_one()
    {
        using var dir = new TestSupport.TempDirectory();
        var path = Path.Combine(dir.Path, "package-lock.json");
        File.WriteAllText(path, """
            { "lockfileVersion": 3, "packages": {
              "": { "dependencies": { "a": "1", "b": "1" } },
              "node_modules/a": { "version": "1.0.0", "dependencies": { "b": "2" } },
              "node_modules/a/node_modules/b": { "version": "2.0.0" },
              "node_modules/b": { "version": "1.0.0" },
              "node_modules/local": { "resolved": "packages/local", "link": true },
              "packages/local": { "version": "0.0.1" } } }
            """);

        var read = NpmLock.Read(path, "package-lock.json");

        Assert.Equal(["pkg:npm/b@2.0.0"], One(read, "pkg:npm/a@1.0.0").DependsOn);
        Assert.Equal(["pkg:npm/a@1.0.0", "pkg:npm/b@1.0.0", "pkg:npm/b@2.0.0"], read.Components.Select(c => c.Purl).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_npm_lockfile_version_1_is_a_warning_not_a_guess()
    {
        using var dir = new TestSupport.TempDirectory();
        var path = Path.Combine(dir.Path, "package-lock.json");
        File.WriteAllText(path, """{ "lockfileVersion": 1, "dependencies": { "ms": { "version": "2.1.2" } } }""");

        var read = NpmLock.Read(path, "web/package-lock.json");

        Assert.Empty(read.Components);
        Assert.Equal("web/package-lock.json: lockfileVersion 1 is not read (gryt reads versions 2 and 3: npm 7 or later writes them)", Assert.Single(read.Warnings));
    }

    [Fact]
    public void NuGet_packages_lock_and_project_assets_agree_on_packages_hashes_and_dependencies()
    {
        var fromLock = NuGetLocks.PackagesLock(Lock("dotnet/packages.lock.json"), "packages.lock.json");
        var fromAssets = NuGetLocks.Assets(Lock("dotnet/project.assets.json"), "obj/project.assets.json");

        Assert.Equal(8, fromLock.Components.Count);
        Assert.Equal(fromLock.Components.Select(c => c.Purl).Order(StringComparer.Ordinal), fromAssets.Components.Select(c => c.Purl).Order(StringComparer.Ordinal));
        var sqlite = One(fromLock, "pkg:nuget/Microsoft.Data.Sqlite@11.0.0");
        Assert.Equal(["pkg:nuget/Microsoft.Data.Sqlite.Core@11.0.0", "pkg:nuget/SQLitePCLRaw.bundle_e_sqlite3@3.0.5", "pkg:nuget/SQLitePCLRaw.core@3.0.5"], sqlite.DependsOn);
        Assert.Equal(sqlite.Hashes, One(fromAssets, "pkg:nuget/Microsoft.Data.Sqlite@11.0.0").Hashes);
        Assert.Equal("SHA-512", Assert.Single(sqlite.Hashes).Algorithm);
        Assert.Equal(128, sqlite.Hashes[0].Content.Length);
        Assert.Equal(["pkg:nuget/Microsoft.Data.Sqlite@11.0.0", "pkg:nuget/YamlDotNet@18.1.0"], fromLock.Direct);
        Assert.Equal(fromLock.Direct, fromAssets.Direct);
    }

    [Fact]
    public void Go_sum_keeps_h1_as_a_property_leaves_out_go_mod_only_modules_and_takes_direct_requirements_from_go_mod()
    {
        var read = GoSum.Read(Lock("go/go.sum"), "go.sum");

        Assert.Equal(["pkg:golang/github.com/google/uuid@v1.6.0", "pkg:golang/golang.org/x/sys@v0.15.0", "pkg:golang/golang.org/x/text@v0.14.0"],
            read.Components.Select(c => c.Purl));
        var uuid = read.Components[0];
        Assert.Equal(("github.com/google/uuid", "v1.6.0"), (uuid.Name, uuid.Version));
        Assert.Empty(uuid.Hashes);
        Assert.Equal([new KeyValuePair<string, string>("gryt:go:h1", "h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=")], uuid.Properties);
        Assert.Equal(["pkg:golang/github.com/google/uuid@v1.6.0", "pkg:golang/golang.org/x/text@v0.14.0"], read.Direct);
    }

    [Fact]
    public void Cargo_lock_gives_sha256_checksums_and_resolves_name_version_dependencies()
    {
        var read = CargoLock.Read(Lock("rust/Cargo.lock"), "Cargo.lock");

        Assert.Equal(["pkg:cargo/bitflags@1.3.2", "pkg:cargo/bitflags@2.6.0", "pkg:cargo/cfg-if@1.0.0", "pkg:cargo/log@0.4.22"], read.Components.Select(c => c.Purl));
        var log = One(read, "pkg:cargo/log@0.4.22");
        Assert.Equal([new SbomHash("SHA-256", "a7a70ba024b9dc04c27ea2f0c0548feb474ec5c54bba33a7f72f873a39d07b24")], log.Hashes);
        Assert.Equal(["pkg:cargo/bitflags@1.3.2", "pkg:cargo/cfg-if@1.0.0"], log.DependsOn);
        Assert.Equal(["pkg:cargo/bitflags@2.6.0", "pkg:cargo/log@0.4.22"], read.Direct);
    }

    [Fact]
    public void Uv_lock_takes_the_sdist_hash_keeps_every_file_hash_and_the_projects_dependencies_as_direct()
    {
        var read = PythonLocks.Uv(Lock("python/uv.lock"), "uv.lock");

        Assert.Equal(["pkg:pypi/certifi@2024.8.30", "pkg:pypi/idna@3.10", "pkg:pypi/iniconfig@2.0.0", "pkg:pypi/requests@2.32.3"],
            read.Components.Select(c => c.Purl).Order(StringComparer.Ordinal));
        var requests = One(read, "pkg:pypi/requests@2.32.3");
        Assert.Equal([new SbomHash("SHA-256", "55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760")], requests.Hashes);
        Assert.Equal(2, requests.Properties.Count(p => p.Key == "gryt:pypi:file"));
        Assert.Equal(["pkg:pypi/certifi@2024.8.30", "pkg:pypi/idna@3.10"], requests.DependsOn);
        Assert.Equal(["pkg:pypi/iniconfig@2.0.0", "pkg:pypi/requests@2.32.3"], read.Direct);
    }

    [Fact]
    public void Poetry_lock_and_pinned_requirements_give_the_same_packages()
    {
        var poetry = PythonLocks.Poetry(Lock("python/poetry.lock"), "poetry.lock");
        var requirements = PythonLocks.Requirements(Lock("python/requirements.txt"), "requirements.txt");

        Assert.Equal(["pkg:pypi/certifi@2024.8.30", "pkg:pypi/idna@3.10", "pkg:pypi/requests@2.32.3"], poetry.Components.Select(c => c.Purl));
        Assert.Equal(poetry.Components.Select(c => c.Purl), requirements.Components.Select(c => c.Purl));
        Assert.Equal(["pkg:pypi/certifi@2024.8.30", "pkg:pypi/idna@3.10"], One(poetry, "pkg:pypi/requests@2.32.3").DependsOn);
        Assert.Equal(One(poetry, "pkg:pypi/idna@3.10").Hashes, [new SbomHash("SHA-256", "12f65c9b470abda6dc35cf8e63cc574b1c52b11df2c86030af0ac09b01b13ea9")]);
        // Two hashes per requirement (wheel and sdist, not told apart): both kept as properties, none chosen as the hash.
        Assert.All(requirements.Components, c => Assert.Equal(2, c.Properties.Count));
        Assert.Empty(requirements.Warnings);
    }

    [Fact]
    public void A_requirement_not_pinned_is_a_warning_naming_file_and_line()
    {
        using var dir = new TestSupport.TempDirectory();
        var path = Path.Combine(dir.Path, "requirements-dev.txt");
        File.WriteAllText(path, "-r requirements.txt\n# tools\nPyYAML==6.0.2 ; python_version >= \"3.8\"\nruff>=0.6\n");

        var read = PythonLocks.Requirements(path, "requirements-dev.txt");

        Assert.Equal(["pkg:pypi/pyyaml@6.0.2"], read.Components.Select(c => c.Purl));
        Assert.Equal("requirements-dev.txt:4: 'ruff>=0.6' is not pinned to one version (NAME==VERSION); left out of the SBOM", Assert.Single(read.Warnings));
    }

    [Theory]
    [InlineData("package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/ms\": { \"version\": \"2.1.2\", }\n  }\n}\n", "package-lock.json:4:", "not valid JSON")]
    [InlineData("Cargo.lock", "version = 4\n\n[[package]]\nname = \"log\nversion = \"0.4.22\"\n", "Cargo.lock:4:12: not valid TOML: Invalid newline in a string", "")]
    [InlineData("go.sum", "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0\n", "go.sum:2:1:", "expected 'MODULE VERSION h1:HASH'")]
    public void A_malformed_lock_file_is_an_error_at_its_line(string name, string text, string at, string problem)
    {
        using var dir = new TestSupport.TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, name), text);

        var error = Assert.Throws<InvalidFileException>(() => LockInventory.Read(dir.Path));

        Assert.StartsWith(at, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
