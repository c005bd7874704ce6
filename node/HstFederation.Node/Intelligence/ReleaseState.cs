namespace HstFederation.Node.Intelligence;

/// <summary>hits.release_state (Migration0007).</summary>
internal enum ReleaseState
{
    None = 0,
    Released = 1,
    Refused = 2,
}
