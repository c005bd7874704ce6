using System.Collections.Frozen;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Agency;

/// <summary>
/// Which right each agency RPC needs. Every method the agency listener serves must be listed: one missing
/// from this table is denied to every agency (and a test that enumerates the served methods fails).
/// </summary>
internal static class AgencyRpcPolicy
{
    public static FrozenDictionary<string, AgencyRight> Table { get; } = new Dictionary<string, AgencyRight>
    {
        ["/hst.v1.AgencyGateway/Submit"] = AgencyRight.Submit,
        ["/hst.v1.AgencyGateway/GetMessage"] = AgencyRight.Read,
        ["/hst.v1.AgencyGateway/ListOutbox"] = AgencyRight.Read,
        ["/hst.v1.AgencyGateway/ListInbox"] = AgencyRight.Read,
        ["/hst.v1.AgencyGateway/Search"] = AgencyRight.Search,
        ["/hst.v1.AgencyGateway/WatchInbox"] = AgencyRight.Read,
        ["/hst.v1.AgencyGateway/ListHits"] = AgencyRight.Read,
        ["/hst.v1.AgencyGateway/ReleaseHit"] = AgencyRight.Release,
        ["/hst.v1.AgencyGateway/ListProducts"] = AgencyRight.Read,
        ["/hst.v1.AgencyGateway/GetProduct"] = AgencyRight.Read,
        ["/hst.v1.AgencyGateway/GetLedger"] = AgencyRight.Read,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="scope"/> allows <paramref name="method"/>, otherwise why not.</summary>
    public static string? Refusal(string method, AgencyScope scope)
    {
        if (!Table.TryGetValue(method, out var right))
        {
            return $"{method} is not an agency API method";
        }

        return right switch
        {
            AgencyRight.Submit when !scope.MaySubmit => "this agency may not submit messages (may_submit is off in its scope)",
            AgencyRight.Search when !scope.MaySearch => "this agency may not search (may_search is off in its scope)",
            AgencyRight.Release when !scope.MayRelease => "this agency may not release messages (may_release is off in its scope)",
            _ => null,
        };
    }
}
