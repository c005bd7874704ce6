using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>
/// Updates at the hub (docs/lifecycle.md §2) over real mutual TLS on a real SQLite file: a new version is checked against
/// the one it supersedes in the accept transaction, delivered like any message, and the old version leaves matching.
/// </summary>
public sealed class UpdateTests : IntelligenceHubTests
{
    private static readonly string[] Audience = ["IPSG", "IT", "ES"];

    private static HstMessage Original() => IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2);

    /// <summary>The corrected report: another person and phone, so a match with either version tells which one is indexed.</summary>
    private static HstMessage Corrected() => IntelMessages.AboutPerson("FR-1", "BENALI", "Karim", "+216 22 333 444", HandlingCode.H2);

    private Lineage Supersedes(long hubSequence, uint version, string reason = "identity corrected") => new()
    {
        SupersedesMessageId = Messages.Sealed[hubSequence].Header.MessageId,
        SupersedesHeaderSha256 = ByteString.CopyFrom(Messages.Sealed[hubSequence].HeaderSha256.Span),
        Version = version,
        Reason = reason,
    };

    private async Task<RejectionDetail> RefusedAsync(string from, Lineage lineage, StatusCode status, string[]? to = null)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Messages.SubmitAsync(from, Corrected(), to ?? Audience, lineage: lineage));
        Assert.Equal(status, error.StatusCode);
        return RejectionTrailer.Read(error)!;
    }

    private long Rejections(RejectionReason reason) =>
        HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.Reject}' AND detail = '{reason}'");

    private long? SupersededBy(long hubSequence) =>
        HubInbox.Count(Hub, $"SELECT coalesce(superseded_by, -1) FROM message_lifecycle WHERE hub_sequence = {hubSequence}") is var by && by < 0 ? null : by;

    [Fact]
    public async Task Submit_Update_IsDeliveredToEveryRecipient_TheOldVersionIsSupersededAndLeavesMatching()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);
        await Messages.ProcessedAsync(v1);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_entities WHERE hub_sequence = {v1}"));

        var v2 = await Messages.SubmitAsync("FR", Corrected(), Audience, lineage: Supersedes(v1, 2));
        await Messages.ProcessedAsync(v2);

        foreach (var member in new[] { "IT", "ES" })
        {
            Assert.Contains(await HubInbox.EnvelopesAsync(Hub, member), d => d.HubSequence == v2);
        }

        Assert.Equal(v2, SupersededBy(v1));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {v2} AND version = 2 AND supersedes = {v1} AND superseded_by IS NULL"));
        Assert.Equal(0L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_entities WHERE hub_sequence = {v1}"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_entities WHERE hub_sequence = {v2}"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.Supersede}' AND detail = 'hub_sequence={v1} by={v2} version=2'"));

        // DE reports the person only the superseded version named: no hit. Then the one the current version names: a hit with it.
        var oldPerson = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(oldPerson);
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM hits"));
        var newPerson = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-2", "BENALI", "Karim", "+21622333444", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(newPerson);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM hits WHERE held_message = {v2} AND new_message = {newPerson}"));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM hits"));
    }

    [Fact]
    public async Task Submit_SameUpdateTwice_ReturnsTheFirstReceiptMarkedDuplicate()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);
        var v2 = await Messages.SubmitAsync("FR", Corrected(), Audience, lineage: Supersedes(v1, 2));
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(Messages.Sealed[v2].Bytes.Span) };

        var again = await Hub.Client("FR").SubmitAsync(request);

        Assert.True(again.Duplicate);
        Assert.Equal((ulong)v2, AcceptanceReceipt.Parser.ParseFrom(again.Receipt.Statement).HubSequence);
        Assert.Equal(v2, SupersededBy(v1));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.Supersede}'"));
    }

    [Fact]
    public async Task Submit_UpdateOfAnUpdate_ChainsTheVersions_AndOnlyTheCurrentVersionMayBeUpdated()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);
        var v2 = await Messages.SubmitAsync("FR", Corrected(), Audience, lineage: Supersedes(v1, 2));

        var v3 = await Messages.SubmitAsync("FR", Corrected(), Audience, lineage: Supersedes(v2, 3, "phone added"));
        var notCurrent = await RefusedAsync("FR", Supersedes(v1, 2), StatusCode.FailedPrecondition);
        var wrongVersion = await RefusedAsync("FR", Supersedes(v3, 3), StatusCode.FailedPrecondition);
        await Messages.ProcessedAsync(v3);

        Assert.Equal(v2, SupersededBy(v1));
        Assert.Equal(v3, SupersededBy(v2));
        Assert.Null(SupersededBy(v3));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {v3} AND version = 3 AND supersedes = {v2}"));
        Assert.Equal(RejectionReason.UpdateInvalid, notCurrent.Reason);
        Assert.Contains("already superseded", notCurrent.Detail, StringComparison.Ordinal);
        Assert.Equal(RejectionReason.UpdateInvalid, wrongVersion.Reason);
        Assert.Contains("version 4", wrongVersion.Detail, StringComparison.Ordinal);
        Assert.Equal(2L, Rejections(RejectionReason.UpdateInvalid));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM message_entities"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_entities WHERE hub_sequence = {v3}"));
    }

    [Fact]
    public async Task Submit_TwoUpdatesOfOneVersionAtOnce_OneIsStoredTheOtherIsRefused()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                return (Stored: await Messages.SubmitAsync("FR", Corrected(), Audience, lineage: Supersedes(v1, 2)), Reason: RejectionReason.Unspecified);
            }
            catch (RpcException error)
            {
                return (Stored: 0L, RejectionTrailer.Read(error)!.Reason);
            }
        }));

        var stored = Assert.Single(attempts, a => a.Stored > 0).Stored;
        Assert.Equal(RejectionReason.UpdateInvalid, Assert.Single(attempts, a => a.Stored == 0).Reason);
        Assert.Equal(stored, SupersededBy(v1));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_lifecycle WHERE supersedes = {v1}"));
    }

    [Fact]
    public async Task Submit_UpdatesThatMayNotBeStored_AreRefusedWithTheirReasonStatusAndAuditEntry_AndNothingIsStored()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);
        var messages = HubInbox.Count(Hub, "SELECT count(*) FROM messages");

        var otherSender = await RefusedAsync("DE", Supersedes(v1, 2), StatusCode.PermissionDenied);
        var unknownId = Supersedes(v1, 2);
        unknownId.SupersedesMessageId = ByteString.CopyFrom(MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance));
        var unknown = await RefusedAsync("FR", unknownId, StatusCode.NotFound);
        var otherHeader = Supersedes(v1, 2);
        otherHeader.SupersedesHeaderSha256 = ByteString.CopyFrom(new byte[32]);
        var wrongHeader = await RefusedAsync("FR", otherHeader, StatusCode.NotFound);
        var dropped = await RefusedAsync("FR", Supersedes(v1, 2), StatusCode.FailedPrecondition, ["IPSG", "IT"]);

        Assert.Equal(RejectionReason.NotSource, otherSender.Reason);
        Assert.Equal(RejectionReason.MessageUnknown, unknown.Reason);
        Assert.Equal(RejectionReason.MessageUnknown, wrongHeader.Reason);
        Assert.Equal(RejectionReason.UpdateInvalid, dropped.Reason);
        Assert.Contains("urn:hst:member:ES", dropped.Detail, StringComparison.Ordinal);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.Reject}' AND actor = 'urn:hst:member:DE' AND detail = '{RejectionReason.NotSource}'"));
        Assert.Equal(2L, Rejections(RejectionReason.MessageUnknown));
        Assert.Equal(1L, Rejections(RejectionReason.UpdateInvalid));
        Assert.Equal(messages, HubInbox.Count(Hub, "SELECT count(*) FROM messages"));
        Assert.Null(SupersededBy(v1));
    }

    [Fact]
    public async Task Submit_UpdateOfARecalledMessage_IsMessageWithdrawn()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[v1], "FR"), "FR"));

        var withdrawn = await RefusedAsync("FR", Supersedes(v1, 2), StatusCode.FailedPrecondition);

        Assert.Equal(RejectionReason.MessageWithdrawn, withdrawn.Reason);
        Assert.Equal(1L, Rejections(RejectionReason.MessageWithdrawn));
        Assert.Null(SupersededBy(v1));
    }

    [Fact]
    public async Task ProductSources_AreTheCurrentActiveVersionsOnly()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);
        var v2 = await Messages.SubmitAsync("FR", Corrected(), Audience, lineage: Supersedes(v1, 2));
        var recalled = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG", "IT"]);
        await LifecycleClient.SendAsync(Hub, "DE", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[recalled], "DE"), "DE"));
        var kept = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-2", "HADDAD", "Omar", "+21655111222", HandlingCode.H2), ["IPSG", "IT"]);

        var sources = await Hub.Services.GetRequiredService<HubStore>().ReadProductSourcesAsync(0, 0, long.MaxValue, 100);

        Assert.Equal([v2, kept], sources.Select(source => source.HubSequence).Order());
    }

    [Fact]
    public async Task Submit_UpdateLeavingOutAMemberARestrictionExcluded_IsAccepted()
    {
        var v1 = await Messages.SubmitAsync("FR", Original(), Audience);
        var restriction = LifecycleClient.Order(Messages.Sealed[v1], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "ES" } });
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, restriction, "FR"));

        var v2 = await Messages.SubmitAsync("FR", Corrected(), ["IPSG", "IT"], lineage: Supersedes(v1, 2));

        Assert.Equal(v2, SupersededBy(v1));
        Assert.DoesNotContain(await HubInbox.EnvelopesAsync(Hub, "ES"), d => d.HubSequence == v2);
    }
}
