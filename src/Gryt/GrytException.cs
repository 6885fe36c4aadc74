namespace Gryt;

/// <summary>
/// A failure the user can act on. The message is one line; <see cref="Hint"/> is an optional
/// second line saying what to do. The CLI maps each subclass to a documented exit code.
/// </summary>
public abstract class GrytException(string message, string? hint = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string? Hint { get; } = hint;
}

/// <summary>Bad input or usage: a malformed value, an invalid file, a forbidden statement.</summary>
public class InvalidInputException(string message, string? hint = null, Exception? inner = null)
    : GrytException(message, hint, inner);

/// <summary>A file that does not satisfy its format, with the position of the first problem.</summary>
public sealed class InvalidFileException(string path, int line, int column, string problem)
    : InvalidInputException($"{path}:{line}:{column}: {problem}")
{
    public string FilePath { get; } = path;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}

/// <summary>Something named by the user does not exist (a version, a change, a pipeline).</summary>
public sealed class NotFoundException(string message, string? hint = null)
    : GrytException(message, hint);

/// <summary>The request conflicts with the current state (already exists, already promoted, tag exists, a sync server's newer revision).</summary>
public class ConflictException(string message, string? hint = null)
    : GrytException(message, hint);

/// <summary>The environment is not usable: no .gryt/, no git, a database that is locked or too new.</summary>
public class GrytEnvironmentException(string message, string? hint = null, Exception? inner = null)
    : GrytException(message, hint, inner);

/// <summary>The thing checked failed: a gate, a pipeline, a verification.</summary>
public sealed class CheckFailedException(string message, string? hint = null)
    : GrytException(message, hint);
