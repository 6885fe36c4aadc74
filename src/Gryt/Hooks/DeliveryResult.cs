namespace Gryt;

/// <summary>What one send of a <see cref="Destination"/> came to: delivered, or why not (one line, secrets left out).</summary>
public sealed record DeliveryResult
{
    private DeliveryResult(string? error) => Error = error;

    /// <summary>The event was delivered.</summary>
    public static DeliveryResult Delivered { get; } = new((string?)null);

    /// <summary>Why the send failed, or null when it was delivered.</summary>
    public string? Error { get; }

    public bool Ok => Error is null;

    /// <summary>A failed send; <paramref name="error"/> says why.</summary>
    public static DeliveryResult Failed(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new DeliveryResult(error);
    }
}
