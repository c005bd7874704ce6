using HstFederation.Hub.Hosting;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Directory;

/// <summary>
/// The member registry as the running hub sees it: a snapshot of the store's members and regions,
/// re-read at most every <see cref="HubOptions.RegistryRefresh"/> so that operator commands run in
/// another process (suspend, revoke, regions) take effect without a restart.
/// </summary>
internal sealed class MemberRegistry(HubStore store, HubOptions options, TimeProvider time) : IMemberStatus
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _current;

    public async ValueTask<MemberStatus> StatusOfAsync(PartyId party, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Directory.Find(party)?.Status ?? MemberStatus.Unspecified;

    /// <summary>The verifier for submissions, with the current regions.</summary>
    public async ValueTask<HandlingPolicy> PolicyAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Policy;

    public async ValueTask<DirectorySnapshot> DirectoryAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Directory;

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - current.ReadAt < options.RegistryRefresh)
        {
            return current;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is null || time.GetUtcNow() - current.ReadAt >= options.RegistryRefresh)
            {
                var directory = await store.ReadDirectoryAsync(cancellationToken);
                current = new Snapshot(directory, PolicyOf(directory), time.GetUtcNow());
                _current = current;
            }

            return current;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static HandlingPolicy PolicyOf(DirectorySnapshot directory) =>
        new(directory.Regions.ToDictionary(
            region => region.Name,
            region => (IReadOnlyCollection<string>)region.Members.Select(member => member.Code).ToList(),
            StringComparer.Ordinal));

    private sealed record Snapshot(DirectorySnapshot Directory, HandlingPolicy Policy, DateTimeOffset ReadAt);
}
