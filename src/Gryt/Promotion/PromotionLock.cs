using Gryt.Project;

namespace Gryt.Promotion;

/// <summary>
/// Serialises the writing part of promotions of one project across processes: an exclusive lock on
/// <c>.gryt/cache/promotion.lock</c> (an advisory flock on Unix, released by the kernel when the holder
/// dies, so a killed promotion never leaves it stuck). The loser of a race waits, then finds the
/// generation promoted and stops before it writes anything.
/// </summary>
internal sealed class PromotionLock : IDisposable
{
    private const int Attempts = 600;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _file;

    private PromotionLock(FileStream file) => _file = file;

    public static PromotionLock Acquire(GrytProject project)
    {
        var path = Path.Combine(project.GrytFolder, "cache", "promotion.lock");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new PromotionLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (attempt < Attempts && File.Exists(path))
            {
                Thread.Sleep(Pause); // held by another promotion
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GrytEnvironmentException($"could not take the promotion lock {project.Shown(path)}: {ex.Message}",
                    "another gryt may still be promoting: wait for it and promote again; else check that .gryt/cache/ is writable");
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
