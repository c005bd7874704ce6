using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// THREATS 23 and issue 5: a member (IT) revoked mid-run with `hst-hub revoke IT --root-key … --party-dir …` against
/// the running hub. Its later submissions are refused with a reason its operator reads in `outbox`, in every phase of
/// the revocation reaching hub and node, never retried forever; what it sent before stays deliverable to a receiver
/// that was offline, which stores it (revocation judged at the signed creation time) and whose `show` re-verifies it.
/// </summary>
public sealed class HubLinkRevocationTests : CommandLineTestBase
{
    private const int OwnKeyRevokedEvent = 4032;

    [Fact]
    public async Task Revoke_WhatTheMemberSentBefore_IsStoredByAReceiverThatWasOffline_AndShowStillVerifiesIt()
    {
        await using var it = CreateNode("IT");
        var before = await it.EnqueueAsync("DE");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        // A CRL dates a revocation to the second, rounded down (RFC 5280 times carry no fraction): revoked in the second
        // IT signed in, the message would count as signed after the revocation. Revoke in a later second.
        var signedBy = Hub.Time.GetUtcNow().ToUnixTimeSeconds();
        await Eventually.TrueAsync(() => Task.FromResult(Hub.Time.GetUtcNow().ToUnixTimeSeconds() > signedBy), "the second after IT signed");
        var (exit, output) = await Hub.RevokeAsync("IT");
        Assert.True(exit == 0, output);
        Assert.Contains("urn:hst:member:IT: Active -> Revoked", output, StringComparison.Ordinal);
        Hub.ReloadHubRevocationList();
        Hub.ReloadRevocationListForTheNodes();

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 1), "DE, back online, stores what IT sent before its revocation");
        Assert.Equal(before.MessageId, De.Inbox()[0].MessageId);
        Assert.Empty(await De.Store.QuarantinedAsync());

        var id = MessageIds.Format(before.MessageId);
        var show = await RunAsync(De, "show", id);
        var showJson = await RunAsync(De, "show", id, "--json");
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("evidence re-checked now (federation root, CRL number 2): signature and sender certificate valid when it signed", show.Out, StringComparison.Ordinal);
        Assert.Contains("after it signed: the message stands", show.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(showJson.Out);
        var evidence = json.RootElement.GetProperty("inbox")[0].GetProperty("evidence");
        Assert.True(evidence.GetProperty("valid").GetBoolean());
        Assert.True(evidence.GetProperty("signerRevokedAt").GetDateTimeOffset() > evidence.GetProperty("signedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Revoke_TheMembersLaterSubmissions_AreRejectedWithAReasonInEachPhase_AndNeverRetriedForever()
    {
        using var logs = new LogSink();
        await using var it = TestNode.Create(Hub, "IT", logger: logs.CreateLogger("IT"));
        await it.Directory.RefreshAsync(CancellationToken.None);
        Assert.Equal(0, (await Hub.RevokeAsync("IT")).ExitCode);

        // 1. The hub's registry says Revoked; the CRL is not re-read anywhere yet: the hub's policy refuses the call.
        var first = await it.EnqueueAsync("DE");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        var refused = (await it.Store.GetOutboxAsync(first.LocalId))!;
        Assert.Equal((OutboxState.Rejected, "PermissionDenied"), (refused.State, refused.RejectReason));
        Assert.Contains("urn:hst:member:IT (a revoked member) may not call /hst.v1.Hub/Submit", refused.RejectDetail, StringComparison.Ordinal);

        // 2. The hub has the new CRL, this node not yet: a new connection fails at the TLS handshake, with no reason the
        //    node could read; the message waits, retried with backoff (status shows the hub unreachable).
        Hub.ReloadHubRevocationList();
        await it.RestartAsync();
        var second = await it.EnqueueAsync("DE");
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxState.Queued, (await it.Store.GetOutboxAsync(second.LocalId))!.State);

        // 3. The node's CRL refresh: it knows its own key is revoked, refuses what waits with that reason, and alarms.
        Hub.ReloadRevocationListForTheNodes();
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        refused = (await it.Store.GetOutboxAsync(second.LocalId))!;
        Assert.Equal((OutboxState.Rejected, "SenderCertificateRevoked"), (refused.State, refused.RejectReason));
        Assert.Contains("revoked by the federation CRL", refused.RejectDetail, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e is { Level: LogLevel.Critical, EventId: OwnKeyRevokedEvent });
        Assert.Equal(0, Hub.MessagesFrom(it.Party));

        var outbox = await RunAsync(it, "outbox", "--json");
        Assert.Contains("\"rejectReason\": \"PermissionDenied\"", outbox.Out, StringComparison.Ordinal);
        Assert.Contains("\"rejectReason\": \"SenderCertificateRevoked\"", outbox.Out, StringComparison.Ordinal);
        var status = await RunAsync(it, "status");
        Assert.Equal(NodeCommandLine.Failure, status.ExitCode);
        Assert.Contains("Revoked", status.Error, StringComparison.Ordinal);
    }
}
