using System.Globalization;
using Gryt.Contracts;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Contracts;

public sealed class ContractServiceTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private static string Contract(params (string Type, string Id, string Title)[] changes)
    {
        var text = new System.Text.StringBuilder("version: v2.1.0\ndescription: \"Payment integration sprint\"\n");
        if (changes.Length == 0) return text.Append("changes: []\n").ToString();
        text.Append("changes:\n");
        foreach (var (type, id, title) in changes)
        {
            text.Append("  - type: ").Append(type).Append("\n    id: ").Append(id).Append("\n    title: \"").Append(title).Append("\"\n");
        }

        return text.ToString();
    }

    private static readonly (string, string, string) Feat = ("add", "FEAT-101", "Stripe Connect support");
    private static readonly (string, string, string) Bug = ("fix", "BUG-42", "Timeout on large transactions");
    private static readonly (string, string, string) Perf = ("refine", "PERF-7", "Faster checkout");

    private SyncResult CreateWith(params (string, string, string)[] changes)
    {
        _project.Contracts.Create("v2.1.0", null);
        _project.WriteContract("v2.1.0", Contract(changes));
        return _project.Contracts.Sync("v2.1.0");
    }

    private int Revision() => Convert.ToInt32(_project.Scalar("SELECT revision FROM generations WHERE version = 'v2.1.0'"), CultureInfo.InvariantCulture);

    private string[] StoredIdsInOrder() =>
        _project.Contracts.Show("v2.1.0").Changes.Select(c => c.ChangeId).ToArray();

    // ---- Create ----

    [Fact]
    public void Create_writes_the_file_and_the_database_row()
    {
        var (generation, path) = _project.Contracts.Create("2.1.0", "Payment integration sprint");

        Assert.Equal("v2.1.0", generation.Version);
        Assert.Equal(GenerationStatus.Draft, generation.Status);
        Assert.Equal(1, generation.Revision);
        Assert.Equal("Payment integration sprint", generation.Description);
        Assert.Equal(_project.GenerationFile("v2.1.0"), path);
        var contract = ContractFile.Load(path, "shown", SemanticVersion.Parse("v2.1.0"));
        Assert.Empty(contract.Changes);
        Assert.Equal("Payment integration sprint", contract.Description);
        Assert.Equal(1L, _project.Scalar("SELECT count(*) FROM generations WHERE version = 'v2.1.0'"));
        Assert.Equal(contract.Sha256, _project.Scalar("SELECT file_sha256 FROM generations WHERE version = 'v2.1.0'"));
        Assert.Equal(1L, _project.Scalar("SELECT count(*) FROM audit_events WHERE event_type = 'generation.created'"));
    }

    [Fact]
    public void Create_refuses_an_existing_version_and_keeps_its_file()
    {
        _project.Contracts.Create("v2.1.0", "first");
        var before = File.ReadAllText(_project.GenerationFile("v2.1.0"));
        var rows = _project.Fingerprint();

        var error = Assert.Throws<ConflictException>(() => _project.Contracts.Create("2.1.0", "second"));

        Assert.Contains("v2.1.0 already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(_project.GenerationFile("v2.1.0")));
        Assert.Equal(rows, _project.Fingerprint());
    }

    [Fact]
    public void Create_refuses_when_the_file_exists_without_a_row_and_leaves_file_and_database_alone()
    {
        var path = _project.GenerationFile("v2.1.0");
        File.WriteAllText(path, "hand written\n");
        var rows = _project.Fingerprint();

        var error = Assert.Throws<ConflictException>(() => _project.Contracts.Create("v2.1.0", null));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("hand written\n", File.ReadAllText(path));
        Assert.Equal(rows, _project.Fingerprint());
    }

    [Fact]
    public void Create_leaves_no_file_when_the_database_insert_fails()
    {
        // A trigger makes the INSERT fail the way a constraint or a full disk would.
        _project.Execute("CREATE TRIGGER refuse BEFORE INSERT ON generations BEGIN SELECT RAISE(ABORT, 'refused by test'); END");

        Assert.ThrowsAny<Exception>(() => _project.Contracts.Create("v2.1.0", null));

        Assert.False(File.Exists(_project.GenerationFile("v2.1.0")));
        Assert.Equal(0, _project.Count("generations"));
        Assert.Equal(0, _project.Count("audit_events"));
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("../../outside")]
    [InlineData("v1.0.0;touch x")]
    public void Create_refuses_a_bad_version_and_writes_nothing(string version)
    {
        Assert.Throws<InvalidInputException>(() => _project.Contracts.Create(version, null));

        Assert.Empty(Directory.GetFiles(_project.Project.GenerationsFolder));
        Assert.Equal(0, _project.Count("generations"));
    }

    [Theory]
    [InlineData("pay\u202Etnemyap")]
    [InlineData("\u2066isolate\u2069")]
    [InlineData("\u001b[31mred")]
    public void Create_refuses_a_description_with_a_control_or_bidirectional_character(string description)
    {
        var error = Assert.Throws<InvalidInputException>(() => _project.Contracts.Create("v2.1.0", description));

        Assert.Contains("control character", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_project.GenerationFile("v2.1.0")));
        Assert.Equal(0, _project.Count("generations"));
    }

    [Fact]
    public void Create_refuses_a_multi_line_description()
    {
        Assert.Throws<InvalidInputException>(() => _project.Contracts.Create("v2.1.0", "one\ntwo"));

        Assert.False(File.Exists(_project.GenerationFile("v2.1.0")));
    }

    // ---- Sync ----

    [Fact]
    public void Sync_adds_the_changes_of_the_file_in_order()
    {
        var result = CreateWith(Feat, Bug);

        Assert.False(result.Created);
        Assert.Equal(["FEAT-101", "BUG-42"], result.Added);
        Assert.Empty(result.Edited);
        Assert.Empty(result.Removed);
        Assert.Equal(["FEAT-101", "BUG-42"], StoredIdsInOrder());
        Assert.Equal(2, result.Generation.Revision);
        Assert.Equal("Payment integration sprint", result.Generation.Description);
    }

    [Fact]
    public void Sync_of_a_file_whose_generation_is_not_in_the_database_creates_it()
    {
        _project.WriteContract("v2.1.0", Contract(Feat, Bug));

        var result = _project.Contracts.Sync("v2.1.0");

        Assert.True(result.Created);
        Assert.Equal(1, result.Generation.Revision);
        Assert.Equal(["FEAT-101", "BUG-42"], StoredIdsInOrder());
    }

    [Fact]
    public void Sync_of_a_missing_file_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => _project.Contracts.Sync("v2.1.0"));
    }

    [Fact]
    public void Sync_edits_a_change_and_bumps_the_revision()
    {
        CreateWith(Feat, Bug);

        _project.WriteContract("v2.1.0", Contract(Feat, ("fix", "BUG-42", "Timeouts on large transactions")));
        var result = _project.Contracts.Sync("v2.1.0");

        Assert.Equal(["BUG-42"], result.Edited);
        Assert.Empty(result.Added);
        Assert.Equal(3, result.Generation.Revision);
        Assert.Equal("Timeouts on large transactions", _project.Contracts.Show("v2.1.0").Changes[1].Title);
    }

    [Fact]
    public void Sync_removes_a_change_without_evolutions()
    {
        CreateWith(Feat, Bug);

        _project.WriteContract("v2.1.0", Contract(Feat));
        var result = _project.Contracts.Sync("v2.1.0");

        Assert.Equal(["BUG-42"], result.Removed);
        Assert.Equal(["FEAT-101"], StoredIdsInOrder());
        Assert.Equal(3, Revision());
    }

    [Fact]
    public void Sync_reorders_changes_as_in_the_file_without_calling_it_an_edit()
    {
        CreateWith(Feat, Bug, Perf);

        _project.WriteContract("v2.1.0", Contract(Perf, Feat, Bug));
        var result = _project.Contracts.Sync("v2.1.0");

        Assert.Equal(["PERF-7", "FEAT-101", "BUG-42"], StoredIdsInOrder());
        Assert.False(result.ChangedAnything);
        Assert.Equal(2, Revision());
    }

    [Fact]
    public void Sync_without_a_real_change_keeps_the_revision_and_writes_no_audit_event()
    {
        CreateWith(Feat, Bug);
        var events = _project.Count("audit_events");

        // Same content, different bytes: a comment does not change the contract.
        _project.WriteContract("v2.1.0", "# reworded comment\n" + Contract(Feat, Bug));
        var result = _project.Contracts.Sync("v2.1.0");

        Assert.False(result.ChangedAnything);
        Assert.Equal(2, result.Generation.Revision);
        Assert.Equal(events, _project.Count("audit_events"));
    }

    [Fact]
    public void Sync_bumps_the_revision_when_only_the_description_changes()
    {
        CreateWith(Feat);

        _project.WriteContract("v2.1.0", Contract(Feat).Replace("Payment integration sprint", "Payments", StringComparison.Ordinal));
        var result = _project.Contracts.Sync("v2.1.0");

        Assert.True(result.ChangedAnything);
        Assert.Equal(3, result.Generation.Revision);
        Assert.Equal("Payments", result.Generation.Description);
    }

    [Fact]
    public void Sync_records_an_audit_event_for_a_real_change()
    {
        CreateWith(Feat, Bug);

        Assert.Equal(1L, _project.Scalar("SELECT count(*) FROM audit_events WHERE event_type = 'generation.updated'"));
    }

    [Fact]
    public void Update_refuses_removing_a_change_that_has_evolutions_and_leaves_the_database_unchanged()
    {
        CreateWith(Feat, Bug);
        _project.AddEvolution("v2.1.0", "fail", "BUG-42");
        var before = _project.Fingerprint();

        _project.WriteContract("v2.1.0", Contract(Feat, Perf));
        var error = Assert.Throws<ConflictException>(() => _project.Contracts.Sync("v2.1.0"));

        Assert.Contains("BUG-42", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 evolution", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _project.Fingerprint());
    }

    [Fact]
    public void Sync_may_edit_a_change_that_has_evolutions()
    {
        CreateWith(Feat, Bug);
        _project.AddEvolution("v2.1.0", "pass", "BUG-42");

        _project.WriteContract("v2.1.0", Contract(Feat, ("fix", "BUG-42", "Reworded")));
        var result = _project.Contracts.Sync("v2.1.0");

        Assert.Equal(["BUG-42"], result.Edited);
        Assert.Equal(ChangeState.Proven, _project.Contracts.Show("v2.1.0").Changes[1].State);
    }

    [Fact]
    public void Sync_of_a_promoted_generation_is_refused_and_changes_nothing()
    {
        CreateWith(Feat);
        _project.Execute("UPDATE generations SET status = 'promoted', promoted_at = '2025-01-01T00:00:00.000Z', promoted_by = 'x' WHERE version = 'v2.1.0'");
        var before = _project.Fingerprint();

        _project.WriteContract("v2.1.0", Contract(Feat, Bug));
        var error = Assert.Throws<ConflictException>(() => _project.Contracts.Sync("v2.1.0"));

        Assert.Contains("promoted", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _project.Fingerprint());
    }

    [Fact]
    public void Sync_of_an_invalid_file_changes_nothing()
    {
        CreateWith(Feat, Bug);
        var before = _project.Fingerprint();

        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges:\n  - type: feature\n    id: X\n    title: x\n");
        Assert.Throws<InvalidFileException>(() => _project.Contracts.Sync("v2.1.0"));

        Assert.Equal(before, _project.Fingerprint());
    }

    [Fact]
    public void Sync_handles_a_contract_of_5000_changes_and_a_later_one_line_edit()
    {
        var many = Enumerable.Range(0, 5000).Select(i => ("add", $"CHG-{i}", $"Change {i}")).ToArray();
        var first = CreateWith(many);
        Assert.Equal(5000, first.Added.Count);

        many[2500] = ("fix", "CHG-2500", "Edited");
        _project.WriteContract("v2.1.0", Contract(many));
        var second = _project.Contracts.Sync("v2.1.0");

        Assert.Equal(["CHG-2500"], second.Edited);
        Assert.Empty(second.Added);
        Assert.Equal(5000, _project.Count("generation_changes"));
        Assert.Equal(5000, _project.Contracts.List()[0].ChangesTotal);
    }

    // ---- EnsureSynced ----

    [Fact]
    public void EnsureSynced_syncs_when_the_file_changed_since_the_last_sync()
    {
        CreateWith(Feat);

        _project.WriteContract("v2.1.0", Contract(Feat, Bug));
        var result = _project.Contracts.EnsureSynced("v2.1.0");

        Assert.NotNull(result);
        Assert.Equal(["BUG-42"], result.Added);
        Assert.Equal(["FEAT-101", "BUG-42"], StoredIdsInOrder());
    }

    [Fact]
    public void EnsureSynced_does_nothing_when_the_file_is_unchanged()
    {
        CreateWith(Feat, Bug);
        var before = _project.Fingerprint();

        Assert.Null(_project.Contracts.EnsureSynced("v2.1.0"));
        Assert.Equal(before, _project.Fingerprint());
    }

    [Fact]
    public void EnsureSynced_does_nothing_right_after_create()
    {
        _project.Contracts.Create("v2.1.0", "x");

        Assert.Null(_project.Contracts.EnsureSynced("v2.1.0"));
    }

    [Fact]
    public void EnsureSynced_creates_a_generation_that_exists_only_as_a_file()
    {
        _project.WriteContract("v2.1.0", Contract(Feat));

        var result = _project.Contracts.EnsureSynced("v2.1.0");

        Assert.NotNull(result);
        Assert.True(result.Created);
        Assert.Equal(["FEAT-101"], StoredIdsInOrder());
    }

    [Fact]
    public void EnsureSynced_of_an_invalid_edited_file_throws_and_changes_nothing()
    {
        CreateWith(Feat);
        var before = _project.Fingerprint();

        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges: nope\n");
        Assert.Throws<InvalidFileException>(() => _project.Contracts.EnsureSynced("v2.1.0"));

        Assert.Equal(before, _project.Fingerprint());
    }

    [Fact]
    public void EnsureSynced_leaves_a_promoted_generation_alone_even_when_its_file_changed()
    {
        CreateWith(Feat);
        _project.Execute("UPDATE generations SET status = 'promoted' WHERE version = 'v2.1.0'");
        var before = _project.Fingerprint();

        _project.WriteContract("v2.1.0", Contract(Feat, Bug));

        Assert.Null(_project.Contracts.EnsureSynced("v2.1.0"));
        Assert.Equal(before, _project.Fingerprint());
        Assert.True(_project.Contracts.FileDiffersFromFrozen(_project.Contracts.Show("v2.1.0").Generation));
    }

    [Fact]
    public void EnsureSynced_of_an_unknown_version_without_a_file_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => _project.Contracts.EnsureSynced("v9.9.9"));
    }

    // ---- Show / List ----

    [Fact]
    public void Show_reports_each_change_as_proven_failed_or_unproven()
    {
        CreateWith(Feat, Bug, Perf);
        _project.AddEvolution("v2.1.0", "fail", "FEAT-101");
        _project.AddEvolution("v2.1.0", "pass", "FEAT-101");
        _project.AddEvolution("v2.1.0", "fail", "BUG-42");

        var changes = _project.Contracts.Show("v2.1.0").Changes;

        Assert.Equal([ChangeState.Proven, ChangeState.Failed, ChangeState.Unproven], changes.Select(c => c.State));
        Assert.Equal((1, 1), (changes[0].PassedEvolutions, changes[0].FailedEvolutions));
    }

    [Fact]
    public void Show_of_an_unknown_version_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => _project.Contracts.Show("v9.9.9"));
    }

    [Fact]
    public void List_sorts_by_semver_and_counts_proven_changes_and_evolutions()
    {
        _project.Contracts.Create("v1.10.0", null);
        _project.Contracts.Create("v1.2.0", null);
        CreateWith(Feat, Bug);
        _project.Contracts.Create("v2.1.0-rc.1", null);
        _project.AddEvolution("v2.1.0", "pass", "FEAT-101");
        _project.AddEvolution("v2.1.0", "fail", "BUG-42");

        var list = _project.Contracts.List();

        Assert.Equal(["v1.2.0", "v1.10.0", "v2.1.0-rc.1", "v2.1.0"], list.Select(s => s.Generation.Version));
        var v210 = list[^1];
        Assert.Equal((2, 1, 2), (v210.ChangesTotal, v210.ChangesProven, v210.Evolutions));
    }
}
