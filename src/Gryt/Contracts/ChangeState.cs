namespace Gryt.Contracts;

/// <summary>
/// Whether a change has been proven: <c>proven</c> once any evolution including it passed,
/// <c>failed</c> when only failing attempts exist, <c>unproven</c> otherwise.
/// </summary>
public enum ChangeState
{
    Unproven,
    Failed,
    Proven,
}

internal static class ChangeStates
{
    public static string ToWord(this ChangeState state) => state switch
    {
        ChangeState.Unproven => "unproven",
        ChangeState.Failed => "failed",
        ChangeState.Proven => "proven",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
