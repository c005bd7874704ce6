using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Agency;

/// <summary>Agency scopes used across the agency tests.</summary>
internal static class Scopes
{
    public static AgencyScope SubmitAndReadAll { get; } =
        new(true, true, ScopeSet<HandlingCode>.Everything, ScopeSet<CrimeType>.Everything);

    public static AgencyScope ReadOnly(string handling, string crimeTypes, bool maySearch = false) =>
        new(false, maySearch, ScopeTokens.ParseHandling(handling), ScopeTokens.ParseCrimeTypes(crimeTypes));
}
