using HstFederation.Node.Storage;

namespace HstFederation.Node.Agency;

/// <summary>
/// An agency's read scope as the store's <see cref="ContentFilter"/>, so lists and searches filter in SQL:
/// "all" restricts nothing, a list (or none: an empty list) allows only its codes, and crime types must
/// ALL be inside the scope (a case also about something outside it stays hidden).
/// </summary>
internal static class AgencyContentFilter
{
    public static ContentFilter For(AgencyScope scope) => new()
    {
        HandlingCodes = scope.ReadableHandling.All ? null : [.. scope.ReadableHandling.Items],
        CrimeTypes = scope.ReadableCrimeTypes.All ? null : [.. scope.ReadableCrimeTypes.Items],
        CrimeTypeMatch = CrimeTypeMatch.All,
    };
}
