namespace HstFederation.Node.Intelligence;

/// <summary>Where the release of a hit stands: never tried, released (to whom), or refused (why), and by whom when.</summary>
internal sealed record HitRelease(ReleaseState State, long? AtMs, string? Actor, string? ReleasedTo, string? Reason, string? Detail)
{
    public static HitRelease None { get; } = new(ReleaseState.None, null, null, null, null, null);
}
