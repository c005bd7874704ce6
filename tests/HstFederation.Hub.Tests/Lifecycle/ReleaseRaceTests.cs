using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Hub.Tests.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>
/// A release whose message is recalled or restricted while the hub prepares the forward (docs/lifecycle.md §7): the
/// handler's check on a read connection passed, the order commits before the forward, and the forward's own transaction
/// must then refuse it — otherwise the content is stored and streamed to a party the order was never relayed to.
/// </summary>
public sealed class ReleaseRaceTests : IntelligenceHubTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private HubStore Store => Hub.Services.GetRequiredService<HubStore>();

    /// <summary>FR reports to the hub and IT, DE the same person to the hub alone: FR may release its message to DE.</summary>
    private async Task<(long Fr, ByteString HitId)> HitAsync()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);

        // Read from the store rather than over FR's stream, whose deliver audit would be a write of its own in the queue.
        using var connection = Store.Database.OpenReadConnection();
        return (fr, ByteString.CopyFrom((byte[])connection.Scalar("SELECT hit_id FROM hits;")!));
    }

    /// <summary>
    /// Holds the writer, queues <paramref name="order"/> and then FR's release behind it (so the release's check reads
    /// the message as it was before the order), lets both run in that order, and returns both answers.
    /// </summary>
    private async Task<(LifecycleResponse Order, RpcException Release)> OrderCommitsDuringTheReleaseAsync(long fr, ByteString hitId, LifecycleOrder order)
    {
        // Whatever the setup left queued is committed first, so the counts below are the order's and the release's.
        await Store.AuditAsync("test", "barrier", null, "the setup's writes are done");
        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), DateTimeOffset.UtcNow);
        Task<LifecycleResponse> ordered;
        Task<ReleaseResponse> released;
        await using (var gate = WriterGate.Close(Store))
        {
            ordered = LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, order, "FR"));
            gate.WaitForQueued(1);
            released = Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hitId, Consent = consent }).ResponseAsync;
            gate.WaitForQueued(2);
            await gate.OpenAsync();
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => released.WaitAsync(Deadline));
        return (await ordered.WaitAsync(Deadline), error);
    }

    private void AssertNothingForwarded(long fr)
    {
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM forwards"));
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM deliveries WHERE forward_id IS NOT NULL"));
        Assert.Equal(0L, HubInbox.Count(Hub, $"SELECT count(*) FROM deliveries WHERE recipient = 'urn:hst:member:DE' AND hub_sequence = {fr}"));
    }

    [Fact]
    public async Task Release_RecallCommitsWhileTheReleaseIsPrepared_IsMessageWithdrawnAndNothingIsStoredOrDelivered()
    {
        var (fr, hitId) = await HitAsync();

        var (recall, error) = await OrderCommitsDuringTheReleaseAsync(fr, hitId, LifecycleClient.Order(Messages.Sealed[fr], "FR"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var rejection = RejectionTrailer.Read(error)!;
        Assert.Equal(RejectionReason.MessageWithdrawn, rejection.Reason);
        Assert.Contains("while the release was prepared", rejection.Detail, StringComparison.Ordinal);
        AssertNothingForwarded(fr);
        Assert.DoesNotContain(await HubInbox.EnvelopesAsync(Hub, "DE"), d => d.HubSequence == fr);
        Assert.Equal(["urn:hst:member:IT"], LifecycleClient.Receipt(Hub, recall).Holders);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = 'reject' AND actor = 'urn:hst:member:FR' AND detail = '{RejectionReason.MessageWithdrawn}'"));
    }

    [Fact]
    public async Task Release_RestrictionExcludingTheRecipientCommitsWhileTheReleaseIsPrepared_IsForwardNotPermittedAndNothingIsStored()
    {
        var (fr, hitId) = await HitAsync();
        var restriction = LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE" } });

        var (restricted, error) = await OrderCommitsDuringTheReleaseAsync(fr, hitId, restriction);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var rejection = RejectionTrailer.Read(error)!;
        Assert.Equal(RejectionReason.ForwardNotPermitted, rejection.Reason);
        Assert.Contains("while the release was prepared", rejection.Detail, StringComparison.Ordinal);
        AssertNothingForwarded(fr);
        Assert.Equal(["urn:hst:member:IT"], LifecycleClient.Receipt(Hub, restricted).Holders);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = 'reject' AND actor = 'urn:hst:member:FR' AND detail = '{RejectionReason.ForwardNotPermitted}'"));
    }
}
