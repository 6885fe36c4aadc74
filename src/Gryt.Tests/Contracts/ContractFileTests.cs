using System.Text;
using Gryt.Contracts;

namespace Gryt.Tests.Contracts;

public sealed class ContractFileTests
{
    private const string Shown = ".gryt/generations/v2.1.0.yaml";
    private static readonly SemanticVersion V210 = SemanticVersion.Parse("v2.1.0");

    private static ContractDefinition Parse(string yaml) => ContractFile.Parse(Encoding.UTF8.GetBytes(yaml), Shown, V210);

    private static ContractDefinition Parse(byte[] bytes) => ContractFile.Parse(bytes, Shown, V210);

    /// <summary>Asserts the refusal points at <paramref name="line"/>:<paramref name="column"/> and names the problem.</summary>
    private static InvalidFileException Refused(string yaml, int line, int column, params string[] messageParts) =>
        Refused(Encoding.UTF8.GetBytes(yaml), line, column, messageParts);

    private static InvalidFileException Refused(byte[] bytes, int line, int column, params string[] messageParts)
    {
        var error = Assert.Throws<InvalidFileException>(() => Parse(bytes));
        Assert.Equal(Shown, error.FilePath);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"{Shown}:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        foreach (var part in messageParts) Assert.Contains(part, error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    // ---- accepted ----

    [Fact]
    public void Accepts_the_example_of_the_guide()
    {
        var contract = Parse(Lines(
            "version: v2.1.0",
            "description: \"Payment integration sprint\"",
            "changes:",
            "  - type: add",
            "    id: FEAT-101",
            "    title: \"Stripe Connect support\"",
            "  - type: fix",
            "    id: BUG-42",
            "    title: \"Timeout on large transactions\"",
            "pipeline_template: release-pipeline"));

        Assert.Equal("v2.1.0", contract.Version);
        Assert.Equal("Payment integration sprint", contract.Description);
        Assert.Equal("release-pipeline", contract.PipelineTemplate);
        Assert.Equal(
            [
                new ChangeDefinition("FEAT-101", ChangeType.Add, "Stripe Connect support", null, null),
                new ChangeDefinition("BUG-42", ChangeType.Fix, "Timeout on large transactions", null, null),
            ],
            contract.Changes);
    }

    [Fact]
    public void Accepts_the_guide_example_with_per_change_pipelines_and_a_blank_line_between_changes()
    {
        var contract = Parse(Lines(
            "version: v2.1.0",
            "description: \"Payment integration sprint\"",
            "changes:",
            "  - type: add",
            "    id: FEAT-101",
            "    title: \"Stripe Connect support\"",
            "    pipeline: v2_1_0_FEAT_101_VALIDATION_PIPELINE.cs",
            "",
            "  - type: fix",
            "    id: BUG-42",
            "    title: \"Timeout on large transactions\"",
            "    description: \"Seen above 10 000 items\"",
            "    pipeline: v2_1_0_BUG_42_VALIDATION_PIPELINE.cs"));

        Assert.Null(contract.PipelineTemplate);
        Assert.Equal("v2_1_0_FEAT_101_VALIDATION_PIPELINE.cs", contract.Changes[0].Pipeline);
        Assert.Equal("Seen above 10 000 items", contract.Changes[1].Description);
    }

    [Fact]
    public void Accepts_an_empty_change_list_while_drafting()
    {
        var contract = Parse(Lines("version: v2.1.0", "changes: []"));

        Assert.Empty(contract.Changes);
        Assert.Null(contract.Description);
    }

    [Fact]
    public void Accepts_a_version_without_v_in_a_file_named_with_v()
    {
        var contract = Parse(Lines("version: 2.1.0", "changes: []"));

        Assert.Equal("v2.1.0", contract.Version);
    }

    [Fact]
    public void Accepts_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Lines("version: v2.1.0", "changes: []"))).ToArray();

        Assert.Equal("v2.1.0", Parse(bytes).Version);
    }

    [Fact]
    public void Accepts_windows_line_endings()
    {
        var contract = Parse("version: v2.1.0\r\nchanges:\r\n  - type: add\r\n    id: A-1\r\n    title: \"a\"\r\n");

        Assert.Equal("a", contract.Changes[0].Title);
    }

    [Fact]
    public void Accepts_non_ascii_titles_and_a_title_of_exactly_200_characters()
    {
        var title = new string('é', 200);

        var contract = Parse(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: A-1", $"    title: \"{title}\""));

        Assert.Equal(title, contract.Changes[0].Title);
    }

    [Fact]
    public void Accepts_5000_changes_in_order()
    {
        var yaml = new StringBuilder("version: v2.1.0\nchanges:\n");
        for (var i = 0; i < 5000; i++)
        {
            yaml.Append("  - type: ").Append(ChangeTypes.Words[i % 4]).Append('\n')
                .Append("    id: CHG-").Append(i).Append('\n')
                .Append("    title: \"Change number ").Append(i).Append("\"\n");
        }

        // No timing assertion (the benchmark measures speed); a quadratic parse would still show
        // up here as a test that takes seconds instead of milliseconds.
        var contract = Parse(yaml.ToString());

        Assert.Equal(5000, contract.Changes.Count);
        Assert.Equal("CHG-0", contract.Changes[0].Id);
        Assert.Equal("CHG-4999", contract.Changes[^1].Id);
        Assert.Equal(ChangeType.Remove, contract.Changes[3].Type);
    }

    [Fact]
    public void The_hash_is_the_sha256_of_the_bytes_as_read()
    {
        var bytes = Encoding.UTF8.GetBytes(Lines("version: v2.1.0", "changes: []"));

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Parse(bytes).Sha256);
    }

    [Fact]
    public void A_new_file_parses_back_with_its_description_however_it_is_quoted()
    {
        const string description = "Quotes \" and \\ and: colons # not a comment";
        var text = ContractFile.NewFileText(V210, description);

        var contract = Parse(text);

        Assert.Equal(description, contract.Description);
        Assert.Empty(contract.Changes);
    }

    // ---- refused: structure ----

    [Fact]
    public void Refuses_an_unknown_top_level_key()
    {
        Refused(Lines("version: v2.1.0", "owner: bob", "changes: []"), 2, 1, "unknown key 'owner'");
    }

    [Fact]
    public void Refuses_an_unknown_key_in_a_change()
    {
        Refused(
            Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: \"a\"", "    owner: bob"),
            6, 5, "unknown key 'owner'", "change 1");
    }

    [Fact]
    public void Refuses_changes_given_as_a_string()
    {
        Refused(Lines("version: v2.1.0", "changes: \"none\""), 2, 10, "'changes'", "must be a list");
    }

    [Fact]
    public void Refuses_changes_left_empty_and_says_to_write_an_empty_list()
    {
        Refused(Lines("version: v2.1.0", "changes:"), 2, 9, "'changes'", "must be a list", "[]");
    }

    [Fact]
    public void Refuses_a_title_given_as_a_list()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: [a, b]"), 5, 12, "'title'", "must be a string");
    }

    [Fact]
    public void Refuses_a_change_that_is_not_a_mapping()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - FEAT-101"), 3, 5, "change 1", "must be a mapping");
    }

    [Fact]
    public void Refuses_a_file_whose_top_level_is_not_a_mapping()
    {
        Refused(Lines("- version: v2.1.0"), 1, 1, "must be a mapping");
    }

    [Fact]
    public void Refuses_a_missing_version()
    {
        Refused(Lines("changes: []"), 1, 1, "missing the required key 'version'");
    }

    [Fact]
    public void Refuses_missing_changes()
    {
        Refused(Lines("version: v2.1.0", "description: x"), 1, 1, "missing the required key 'changes'");
    }

    [Fact]
    public void Refuses_a_change_without_type()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - id: X-1", "    title: \"a\""), 3, 5, "change 1", "missing the required key 'type'");
    }

    [Fact]
    public void Refuses_a_change_without_id()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    title: \"a\""), 3, 5, "change 1", "missing the required key 'id'");
    }

    [Fact]
    public void Refuses_a_change_without_title_and_names_which_change()
    {
        Refused(
            Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: \"a\"", "  - type: add", "    id: X-2"),
            6, 5, "change 2", "missing the required key 'title'");
    }

    [Fact]
    public void Refuses_an_empty_title()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: \"  \""), 5, 12, "title", "must not be empty");
    }

    // ---- refused: values ----

    [Fact]
    public void Refuses_a_type_word_that_is_not_add_fix_refine_or_remove()
    {
        Refused(
            Lines("version: v2.1.0", "changes:", "  - type: feature", "    id: X-1", "    title: \"a\""),
            3, 11, "change type 'feature'", "add, fix, refine, remove");
    }

    [Fact]
    public void Refuses_a_type_word_in_capitals()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - type: Add", "    id: X-1", "    title: \"a\""), 3, 11, "change type 'Add'");
    }

    [Theory]
    [InlineData("\"$(touch pwned)\"")]
    [InlineData("\"a;rm -rf /\"")]
    [InlineData("\"a b\"")]
    [InlineData("\"-leading-dash\"")]
    [InlineData("\"../x\"")]
    public void Refuses_a_change_id_with_characters_outside_the_allowed_set(string id)
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", $"    id: {id}", "    title: \"a\""), 4, 9, "change id", "is not valid");
    }

    [Fact]
    public void Refuses_a_change_id_ending_in_a_line_break()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: \"X-1\\n\"", "    title: \"a\""), 4, 9, "change id", "is not valid");
    }

    [Fact]
    public void Refuses_a_version_ending_in_a_line_break()
    {
        Refused(Lines("version: \"v2.1.0\\n\"", "changes: []"), 1, 10, "not a semantic version");
    }

    [Fact]
    public void Refuses_a_pipeline_name_ending_in_a_line_break()
    {
        Refused(Lines("version: v2.1.0", "changes: []", "pipeline_template: \"release\\n\""), 3, 20, "is not a pipeline name");
    }

    [Fact]
    public void Refuses_a_change_id_longer_than_64_characters_and_accepts_64()
    {
        var ok = new string('A', 64);
        Assert.Equal(ok, Parse(Lines("version: v2.1.0", "changes:", "  - type: add", $"    id: {ok}", "    title: \"a\"")).Changes[0].Id);

        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", $"    id: {ok}B", "    title: \"a\""), 4, 9, "change id", "at most 64 characters");
    }

    [Fact]
    public void Refuses_a_duplicate_change_id_at_the_second_declaration()
    {
        Refused(
            Lines(
                "version: v2.1.0",
                "changes:",
                "  - type: add",
                "    id: X-1",
                "    title: \"a\"",
                "  - type: fix",
                "    id: X-1",
                "    title: \"b\""),
            7, 9, "duplicate change id 'X-1'", "line 4");
    }

    [Fact]
    public void Ids_differing_only_in_case_are_different_changes()
    {
        var contract = Parse(Lines(
            "version: v2.1.0", "changes:",
            "  - type: add", "    id: x-1", "    title: \"a\"",
            "  - type: add", "    id: X-1", "    title: \"b\""));

        Assert.Equal(2, contract.Changes.Count);
    }

    [Fact]
    public void Refuses_a_version_that_is_not_semver()
    {
        Refused(Lines("version: banana", "changes: []"), 1, 10, "version 'banana'", "not a semantic version");
    }

    [Fact]
    public void Refuses_a_version_with_leading_zeros()
    {
        Refused(Lines("version: v02.1.0", "changes: []"), 1, 10, "not a semantic version");
    }

    [Fact]
    public void Refuses_a_version_that_does_not_match_the_file_name()
    {
        Refused(Lines("version: v3.0.0", "changes: []"), 1, 10, "v3.0.0", "does not match the file name", "v2.1.0");
    }

    [Fact]
    public void Refuses_a_title_with_an_escaped_line_break()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: \"first\\nsecond\""), 5, 12, "must be one line");
    }

    [Fact]
    public void Refuses_a_title_written_as_a_block_of_several_lines()
    {
        Refused(
            Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: |", "      first", "      second"),
            5, 12, "X-1", "must be one line");
    }

    [Fact]
    public void Refuses_a_title_longer_than_200_characters()
    {
        Refused(
            Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", $"    title: \"{new string('t', 201)}\""),
            5, 12, "201 characters", "at most 200");
    }

    [Fact]
    public void Refuses_a_pipeline_name_that_is_a_path()
    {
        Refused(
            Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: \"a\"", "    pipeline: ../../etc/passwd"),
            6, 15, "pipeline", "is not a pipeline name");
    }

    // ---- refused: the file as a whole ----

    [Fact]
    public void Refuses_invalid_utf8_at_the_line_of_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: \"caf"))
            .SkipLast(1).Concat(new byte[] { 0xC3, 0x28, (byte)'"', (byte)'\n' }).ToArray();

        Refused(bytes, 5, 16, "not valid UTF-8");
    }

    [Fact]
    public void Refuses_a_stray_continuation_byte_at_its_column()
    {
        var bytes = Encoding.UTF8.GetBytes("version: v2.1.0\nchanges: []\n# ab").Concat(new byte[] { 0x80, (byte)'\n' }).ToArray();

        Refused(bytes, 3, 5, "not valid UTF-8");
    }

    [Fact]
    public void Refuses_a_sequence_cut_off_at_the_end_of_the_file()
    {
        var bytes = Encoding.UTF8.GetBytes("version: v2.1.0\nchanges: []\n# caf").Append((byte)0xC3).ToArray();

        Refused(bytes, 3, 6, "not valid UTF-8");
    }

    [Fact]
    public void Refuses_a_lone_invalid_byte_on_the_first_line()
    {
        var bytes = new byte[] { (byte)'v', 0xFF }.Concat(Encoding.UTF8.GetBytes("ersion: v2.1.0\nchanges: []\n")).ToArray();

        Refused(bytes, 1, 2, "not valid UTF-8");
    }

    [Fact]
    public void Refuses_malformed_yaml_at_the_line_of_the_problem()
    {
        var error = Refused(
            Lines("version: v2.1.0", "changes:", "  - type: add", "   id: X-1", "    title: [unclosed"),
            4, 4, "invalid YAML");

        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_duplicate_key_in_a_mapping()
    {
        Refused(Lines("version: v2.1.0", "version: v2.1.0", "changes: []"), 2, 1, "duplicate key");
    }

    [Fact]
    public void Refuses_an_empty_file()
    {
        Refused([], 1, 1, "the file is empty");
    }

    [Fact]
    public void Refuses_a_file_of_only_comments_as_empty()
    {
        Refused(Lines("# nothing yet", ""), 1, 1, "the file is empty");
    }

    [Fact]
    public void Refuses_two_documents_at_the_start_of_the_second()
    {
        Refused(Lines("version: v2.1.0", "changes: []", "---", "version: v2.1.0", "changes: []"), 4, 1, "only one YAML document");
    }

    [Fact]
    public void Accepts_the_shorthand_of_the_guide_with_ids_derived_from_type_and_title()
    {
        var contract = Parse(Lines(
            "version: v2.1.0",
            "description: \"Payment processing improvements\"",
            "changes:",
            "  - add: Stripe integration",
            "  - fix: Webhook race condition",
            "  - refine: Payment flow UX",
            "  - remove: Legacy PayPal button",
            "  - add: Café menü (beta) — 2nd try!",
            "  - fix: Ünïcödé only ✓",
            "  - add: Named",
            "    id: FEAT-7",
            "    pipeline: ci"));

        Assert.Equal(
            [("add-stripe-integration", ChangeType.Add, "Stripe integration"), ("fix-webhook-race-condition", ChangeType.Fix, "Webhook race condition"),
             ("refine-payment-flow-ux", ChangeType.Refine, "Payment flow UX"), ("remove-legacy-paypal-button", ChangeType.Remove, "Legacy PayPal button"),
             ("add-caf-men-beta-2nd-try", ChangeType.Add, "Café menü (beta) — 2nd try!"), ("fix-n-c-d-only", ChangeType.Fix, "Ünïcödé only ✓"),
             ("FEAT-7", ChangeType.Add, "Named")],
            contract.Changes.Select(c => (c.Id, c.Type, c.Title)));
        Assert.Equal("ci", contract.Changes[^1].Pipeline);
    }

    [Fact]
    public void A_shorthand_id_is_stable_fits_the_id_rules_and_falls_back_to_a_hash()
    {
        Assert.Equal("add-stripe-integration", ContractFile.ShorthandId(ChangeType.Add, "  Stripe   integration!! "));
        Assert.Equal(ContractFile.ShorthandId(ChangeType.Fix, "日本語"), ContractFile.ShorthandId(ChangeType.Fix, "日本語"));
        Assert.Matches("^fix-[0-9a-f]{8}$", ContractFile.ShorthandId(ChangeType.Fix, "日本語"));
        var longId = ContractFile.ShorthandId(ChangeType.Refine, string.Join(' ', Enumerable.Repeat("word", 40)));
        Assert.True(longId.Length <= 64, longId);
        Assert.Matches(ContractFile.ChangeIdPattern(), longId);
        Assert.False(longId.EndsWith('-'));
    }

    [Fact]
    public void Two_shorthand_changes_with_the_same_type_and_title_are_duplicates() =>
        Refused(Lines("version: v2.1.0", "changes:", "  - add: Stripe", "  - add: stripe"), 4, 10, "duplicate change id 'add-stripe'");

    [Fact]
    public void A_shorthand_change_refuses_a_second_type_and_bad_titles()
    {
        Refused(Lines("version: v2.1.0", "changes:", "  - add: a", "    fix: b"), 4, 5, "unknown key 'fix'");
        Refused(Lines("version: v2.1.0", "changes:", "  - add: \"\\u202Eevil\""), 3, 10, "control character (U+202E)");
        Refused(Lines("version: v2.1.0", "changes:", "  - add: \"\""), 3, 10, "must not be empty");
        Refused(Lines("version: v2.1.0", "changes:", "  - add: [a, b]"), 3, 10);
    }

    [Theory]
    [InlineData("\\e[31mred\\e[0m")]
    [InlineData("tab\\there")]
    public void A_title_with_a_control_character_is_refused(string escapedTitle) =>
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", $"    title: \"{escapedTitle}\""), 5, 12, "control character");

    [Theory]
    [InlineData("\\u202E", "U+202E")]
    [InlineData("\\u202A", "U+202A")]
    [InlineData("\\u2066", "U+2066")]
    [InlineData("\\u2069", "U+2069")]
    [InlineData("\\u200F", "U+200F")]
    [InlineData("\\u061C", "U+061C")]
    public void A_title_with_a_bidirectional_control_character_is_refused(string escaped, string shown) =>
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", $"    title: \"admin{escaped}nimda\""), 5, 12, "control character", shown);

    [Fact]
    public void Descriptions_with_a_bidirectional_control_or_escape_character_are_refused()
    {
        Refused(Lines("version: v2.1.0", "description: \"a\\u202Eb\"", "changes: []"), 2, 14, "description contains a control character (U+202E)");
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: t", "    description: \"\\e[2J\""), 6, 18, "control character (U+001B)");
    }

    [Fact]
    public void A_description_may_span_lines() =>
        Assert.Equal("one\ntwo\n", Parse(Encoding.UTF8.GetBytes(Lines("version: v2.1.0", "description: |", "  one", "  two", "changes: []"))).Description);

    [Fact]
    public void A_title_with_a_unicode_line_separator_is_refused() =>
        Refused(Lines("version: v2.1.0", "changes:", "  - type: add", "    id: X-1", "    title: \"a\\Lb\""), 5, 12, "one line");
}
