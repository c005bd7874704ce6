using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using HstFederation.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// Hits whose message (either side) is purged at FR's node, and hits whose other message FR holds out of an agency's
/// scope (docs/agency-api.md, docs/intelligence.md §3), over the real agency listener with hits really sent by the hub.
/// </summary>
public sealed class AgencyHitPurgeTests : AgencyTestBase
{
    /// <summary>The notification's value of FR's message and one of its factors (HubProducts.Hit): neither outlives a purge.</summary>
    private const string YourValue = "+33612345678";
    private const string Factor = "day and month swapped";

    [Fact]
    public async Task OwnSubmission_Expired_WithdrawsItsHits_ListHitsNoLongerShowsThem_AndNoValueIsLeftInTheFiles()
    {
        var police = await Node.RegisterAsync("police", new AgencyScope(true, false, ScopeSet<HandlingCode>.None, ScopeSet<CrimeType>.None));
        var client = Node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        var own = Id((await client.SubmitAsync(new AgencySubmitRequest { Message = message, Members = { "DE" } })).MessageId);
        var hit = await HitAsync(own);
        Assert.Equal(Hex(hit), Assert.Single((await client.ListHitsAsync(new AgencyListRequest())).Hits).HitId);

        // The node's retention sweep at the message's date (a second store on the same file, as the sweeper would run then).
        await using (var later = NodeStore.Open(DatabasePath, new FakeTimeProvider(message.Handling.RetainUntil.ToDateTimeOffset())))
        {
            Assert.True(await later.SweepRetentionAsync(Node.Party) >= 1);
        }

        Assert.Empty((await client.ListHitsAsync(new AgencyListRequest())).Hits);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM hits WHERE hit_id = " + SqlBlob(hit.HitId)));
        Assert.Equal(1, Count(
            $"SELECT COUNT(*) FROM inbox i JOIN hits h ON h.inbox_local_id = i.local_id WHERE i.purge_cause = 'expired' AND length(i.plaintext) = 0;"));
        Assert.False(DatabaseFiles.Contain(DatabasePath, YourValue));
        Assert.False(DatabaseFiles.Contain(DatabasePath, Factor));

        // The operator's views agree: the hit is kept for the ledger, marked withdrawn, without its values.
        var show = await CommandRun.RunAsync(["hits", "show", Hex(hit), $"--Node:DatabasePath={DatabasePath}"]);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("WITHDRAWN", show.Out, StringComparison.Ordinal);
        Assert.Contains("(expired)", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(YourValue, show.Out, StringComparison.Ordinal);
        var list = await CommandRun.RunAsync(["hits", $"--Node:DatabasePath={DatabasePath}"]);
        Assert.Contains("withdrawn: expired", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherMessage_RecalledAtThisNode_OrNeverHeldButRecalled_WithdrawsTheHits_AndALaterHitOnItArrivesWithdrawn()
    {
        var border = await Node.RegisterAsync("border", Scopes.ReadOnly("H0,H1", "all") with { MayRelease = true });
        var client = Node.Grpc(border.Certificate, out var channel);
        using var _ = channel;
        var yours = await EnqueueAsync(HandlingCode.H1);
        var held = await Node.ReceiveAsync(Message(HandlingCode.H1));
        var neverHeld = HubProducts.NewId();
        var onHeld = await HitAsync(yours, otherId: held);
        var onNeverHeld = await HitAsync(yours, otherId: neverHeld);
        var shown = (await client.ListHitsAsync(new AgencyListRequest())).Hits;
        Assert.Equal([Hex(onNeverHeld), Hex(onHeld)], shown.Select(h => h.HitId));
        Assert.Equal(MessageIds.Format(held), shown[1].OtherMessageId);

        // DE recalls its message FR holds, and one FR never received (the hub relays every recall to the holders it knows).
        Assert.Equal(LifecycleOutcome.Purged, (await Node.Store.ApplyOrderAsync(Recall(held))).Outcome);
        Assert.Equal(LifecycleOutcome.NotHeld, (await Node.Store.ApplyOrderAsync(Recall(neverHeld))).Outcome);
        var late = await HitAsync(yours, otherId: held);

        Assert.Empty((await client.ListHitsAsync(new AgencyListRequest())).Hits);
        var release = await Assert.ThrowsAsync<RpcException>(async () => await client.ReleaseHitAsync(new AgencyReleaseHitRequest { HitId = Hex(onHeld) }));
        Assert.Equal(StatusCode.NotFound, release.StatusCode);
        Assert.StartsWith("HIT_NOT_FOUND: ", release.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(3, Count("SELECT COUNT(*) FROM hits;"));
        Assert.Equal(3, Count("SELECT COUNT(*) FROM inbox i JOIN hits h ON h.inbox_local_id = i.local_id WHERE i.purge_cause = 'recalled' AND length(i.envelope) = 0;"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM hits WHERE release_state <> 0;"));
        Assert.False(DatabaseFiles.Contain(DatabasePath, YourValue));
        Assert.False(DatabaseFiles.Contain(DatabasePath, Factor));
        var json = await CommandRun.RunAsync(["hits", "show", Hex(late), "--json", $"--Node:DatabasePath={DatabasePath}"]);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Contains("\"cause\": \"recalled\"", json.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Factor, json.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// A second notification envelope of a hit already held (a fault at the hub) is its own inbox row with the same values;
    /// Migration0014 links it to the hit, so the purge of either message empties both rows.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RepeatedNotification_IsEmptiedWithTheFirst_ByThePurgeOfEitherMessage(bool otherRecalled)
    {
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        var yours = MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        await Node.Store.EnqueueAsync(new OutboxItem(yours, AgencyNode.Operator, message.ToByteArray(), [PartyId.Member("DE").Uri]));
        var hit = HubProducts.Hit("FR", yours, "DE", releasable: false);
        await Node.Hub.SendAsHubAsync("FR", hit);
        await Node.Hub.SendAsHubAsync("FR", hit);
        await Eventually.TrueAsync(
            () => Task.FromResult(Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HitNotification';") == 2), "FR's node stores both notifications");
        Assert.Equal(1, Count("SELECT COUNT(*) FROM hits;"));

        if (otherRecalled)
        {
            // DE recalls the message the hit names, which FR never held: the hub relays the recall to every holder it knows.
            Assert.Equal(LifecycleOutcome.NotHeld, (await Node.Store.ApplyOrderAsync(Recall(hit.OtherMessage.MessageId.ToByteArray()))).Outcome);
        }
        else
        {
            await using var later = NodeStore.Open(DatabasePath, new FakeTimeProvider(message.Handling.RetainUntil.ToDateTimeOffset()));
            Assert.True(await later.SweepRetentionAsync(Node.Party) >= 1);
        }

        var cause = otherRecalled ? "recalled" : "expired";
        Assert.Equal(2, Count(
            $"SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HitNotification' AND purge_cause = '{cause}' AND length(plaintext) = 0 AND length(envelope) = 0;"));
        Assert.False(DatabaseFiles.Contain(DatabasePath, YourValue));
        Assert.False(DatabaseFiles.Contain(DatabasePath, Factor));
    }

    [Fact]
    public async Task HitOnAMessageThisNodeHoldsOutsideTheScope_ShowsTheAgencyNeitherItsId_SenderNorFactors_ButItsOwnValues()
    {
        var border = await Node.RegisterAsync("border", Scopes.ReadOnly("H0,H1", "all"));
        var analysts = await Node.RegisterAsync("analysts", Scopes.ReadOnly("all", "all"));
        var borderClient = Node.Grpc(border.Certificate, out var borderChannel);
        using var _ = borderChannel;
        var analystsClient = Node.Grpc(analysts.Certificate, out var analystsChannel);
        using var __ = analystsChannel;
        var yours = await EnqueueAsync(HandlingCode.H1);
        var secret = await Node.ReceiveAsync(Message(HandlingCode.H3));
        var readable = await Node.ReceiveAsync(Message(HandlingCode.H1));
        var onSecret = await HitAsync(yours, otherId: secret);
        var onReadable = await HitAsync(yours, otherId: readable);
        var onNotHeld = await HitAsync(yours);

        var seen = (await borderClient.ListHitsAsync(new AgencyListRequest())).Hits.ToDictionary(h => h.HitId);
        var everything = (await analystsClient.ListHitsAsync(new AgencyListRequest())).Hits.ToDictionary(h => h.HitId);
        var getSecret = await Assert.ThrowsAsync<RpcException>(async () =>
            await borderClient.GetMessageAsync(new AgencyGetMessageRequest { MessageId = MessageIds.Format(secret) }));

        Assert.Equal(StatusCode.NotFound, getSecret.StatusCode);
        var withheld = seen[Hex(onSecret)];
        Assert.Equal((string.Empty, null), (withheld.OtherMessageId, withheld.Notification.OtherMessage));
        Assert.All(withheld.Notification.Matches, m => Assert.Empty(m.Factors));
        Assert.Equal(onSecret.Matches.Select(m => (m.Kind, m.YourPath, m.YourValue)), withheld.Notification.Matches.Select(m => (m.Kind, m.YourPath, m.YourValue)));
        Assert.Equal(MessageIds.Format(yours), withheld.YourMessageId);
        Assert.Equal(onReadable, seen[Hex(onReadable)].Notification);
        Assert.Equal(onNotHeld, seen[Hex(onNotHeld)].Notification);
        Assert.Equal(onSecret, everything[Hex(onSecret)].Notification);
        Assert.Equal(MessageIds.Format(secret), everything[Hex(onSecret)].OtherMessageId);
    }

    private string DatabasePath => Path.Combine(Node.DirectoryPath, "node.db");

    /// <summary>An operator's message in FR's outbox, a direct exchange with DE (the node's hub link sends it).</summary>
    private async Task<byte[]> EnqueueAsync(HandlingCode code)
    {
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Handling.Code = code;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        var id = MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        await Node.Store.EnqueueAsync(new OutboxItem(id, AgencyNode.Operator, message.ToByteArray(), [PartyId.Member("DE").Uri]));
        return id;
    }

    /// <summary>The hub notifies FR of a hit of its message on DE's <paramref name="otherId"/> (default: a new one); returns once stored.</summary>
    private async Task<HitNotification> HitAsync(byte[] yourMessageId, byte[]? otherId = null)
    {
        var hit = HubProducts.Hit("FR", yourMessageId, "DE", releasable: false);
        if (otherId is not null)
        {
            hit.OtherMessage.MessageId = ByteString.CopyFrom(otherId);
        }

        await Node.Hub.SendAsHubAsync("FR", hit);
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM hits WHERE hit_id = " + SqlBlob(hit.HitId)) == 1), "FR's node stores the hit");
        return hit;
    }

    private static byte[] Id(string messageId) => Guid.Parse(messageId).ToByteArray(bigEndian: true);

    private static string Hex(HitNotification hit) => Convert.ToHexStringLower(hit.HitId.Span);

    private static string SqlBlob(ByteString id) => $"X'{Convert.ToHexString(id.Span)}'";
}
