namespace Gryt;

/// <summary>
/// Global ids for every record that may be synced between machines. UUIDv7 sorts by creation
/// time, so ids double as a stable order and stay unique across repositories and runners.
/// </summary>
internal static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString();

    public static string New(DateTimeOffset at) => Guid.CreateVersion7(at).ToString();
}
