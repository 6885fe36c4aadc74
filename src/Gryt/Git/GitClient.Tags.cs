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
}
