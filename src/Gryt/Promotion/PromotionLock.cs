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
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new PromotionLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (attempt < Attempts && File.Exists(path))
            {
                Thread.Sleep(Pause);
            }
            catch (IOException ex)
            {
                throw new GrytEnvironmentException($"another gryt process has been promoting for {Attempts * Pause.TotalSeconds:0} s ({project.Shown(path)} is locked): {ex.Message}",
                    "wait for it to finish, then run the promotion again");
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
