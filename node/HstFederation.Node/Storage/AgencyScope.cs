using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// What one agency may do on the agency API, set by the NCB. Default deny: <see cref="None"/> may neither
/// submit, search, release nor read. A message is readable when its handling code is in <see cref="ReadableHandling"/>
/// and every crime type of its case is in <see cref="ReadableCrimeTypes"/> (a message with no crime type
/// only under "all crime types").
/// </summary>
internal sealed record AgencyScope(bool MaySubmit, bool MaySearch, ScopeSet<HandlingCode> ReadableHandling, ScopeSet<CrimeType> ReadableCrimeTypes)
{
    public static AgencyScope None { get; } = new(false, false, ScopeSet<HandlingCode>.None, ScopeSet<CrimeType>.None);

    /// <summary>
    /// May ask the hub to release this NCB's message to the other source of a hit (ReleaseHit; agencies.may_release,
    /// Migration0007). Off unless the NCB grants it; a hit is released only if the agency may also see it.
    /// </summary>
    public bool MayRelease { get; init; }

    /// <summary>True when a message with <paramref name="handling"/> and <paramref name="crimeTypes"/> is inside the read scope.</summary>
    public bool MayRead(HandlingCode handling, IReadOnlyCollection<CrimeType> crimeTypes) =>
        ReadableHandling.Allows(handling) && ReadableCrimeTypes.AllowsEvery(crimeTypes);

    public override string ToString() =>
        $"submit={(MaySubmit ? "yes" : "no")} search={(MaySearch ? "yes" : "no")} handling={ScopeTokens.Format(ReadableHandling)} crime_types={ScopeTokens.Format(ReadableCrimeTypes)} release={(MayRelease ? "yes" : "no")}";
}
