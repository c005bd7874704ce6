using HstFederation.Node.Hosting;

namespace HstFederation.Node.Agency;

/// <summary>
/// What one agency's calls may cost the node (docs/agency-api.md §3, "Limits"): concurrent calls and streams, a search's
/// work, the content a list or a stream batch reads; and what all agencies' calls together may hold
/// (<see cref="MaxConcurrentCallsTotal"/>). Each comes from its <see cref="NodeOptions"/> setting.
/// </summary>
internal sealed record AgencyLimits(
    int MaxConcurrentCalls, int MaxWatchStreams, int MaxConcurrentSearches, long SearchMaxSteps, long ReadBudgetBytes, int MaxConcurrentCallsTotal)
{
    public static AgencyLimits From(NodeOptions options) => new(
        options.AgencyMaxConcurrentCalls, options.AgencyMaxWatchStreams, options.AgencyMaxConcurrentSearches, options.AgencySearchMaxSteps,
        options.AgencyReadBudgetBytes, options.AgencyMaxConcurrentCallsTotal);
}
