namespace Gryt.Git;

internal sealed partial class GitClient
{
    /// <summary>
    /// Every tag with the commit it points at (annotated tags peeled), read in one call so a report
    /// over thousands of releases asks git once. Null when git cannot answer (not installed, not a repository).
    /// </summary>
    public IReadOnlyDictionary<string, string>? TagCommits()
    {
        if (Query("rev-parse", "--git-dir") is null) return null;
        var listing = Query("for-each-ref", "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)", "refs/tags");
        if (listing is null) return null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\0');
            if (fields.Length < 5) continue;
            var commit = fields[1] == "commit" ? fields[2]
                : fields[3] == "commit" ? fields[4]
                : ResolveCommit("refs/tags/" + fields[0]); // a tag of a tag: rare, peeled fully by git
            if (commit is not null) tags[fields[0]] = commit;
        }

        return tags;
    }

    /// <summary>
    /// Every annotated tag whose message contains <paramref name="marker"/>, with its tag object id, the
    /// commit it points at and its message, in one call. Empty when git cannot answer.
    /// </summary>
    public IReadOnlyList<AnnotatedTag> AnnotatedTags(string marker)
    {
        // Fields split by NUL, records by two NULs: a tag message holds neither.
        var listing = Query("for-each-ref", "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(contents)%00%00", "refs/tags");
        if (listing is null) return [];
        var tags = new List<AnnotatedTag>();
        foreach (var record in listing.Split("\0\0", StringSplitOptions.None))
        {
            var fields = record.TrimStart('\n').Split('\0');
            if (fields.Length < 6 || fields[1] != "tag" || fields[3] != "commit") continue;
            if (!fields[5].Contains(marker, StringComparison.Ordinal)) continue;
            tags.Add(new AnnotatedTag(fields[0], fields[2], fields[4], fields[5]));
        }

        return tags;
    }
}

/// <summary>An annotated tag of a commit: its name, the id of the tag object, the commit and the message.</summary>
internal sealed record AnnotatedTag(string Name, string ObjectId, string Commit, string Message);
