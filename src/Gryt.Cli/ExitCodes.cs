namespace Gryt.Cli;

/// <summary>The exit codes of SPEC §3; docs/exit-codes.md explains each.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int Environment = 5;

    /// <summary>A bug in gryt, not in the user's input.</summary>
    public const int InternalError = 70;
    public const int Interrupted = 130;

    public static int For(GrytException exception) => exception switch
    {
        InvalidInputException => BadInput,
        NotFoundException => NotFound,
        ConflictException => Conflict,
        GrytEnvironmentException => Environment,
        CheckFailedException => CheckFailed,
        _ => CheckFailed,
    };
}
