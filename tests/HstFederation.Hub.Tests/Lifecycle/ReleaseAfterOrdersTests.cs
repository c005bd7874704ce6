using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>
/// A release after the source's restrictions and extensions (docs/lifecycle.md §3, §7): the forward's new holder is
/// queued every order still in force behind its envelope, with the holder rows that make its confirmations expected, so
/// its copy ends under the handling and retention date in force, not the signed header's.
/// </summary>
public sealed class ReleaseAfterOrdersTests : IntelligenceHubTests
{
    private HubStore Store => Hub.Services.GetRequiredService<HubStore>();

    [Fact]
    public async Task Release_AfterRestrictionsAndAnExtension_QueuesThemToTheNewHolderBehindItsEnvelope_AndItsConfirmationsAreRecordedAndRelayed()
    {
        // FR reports under H0 to the hub and IT; DE the same person to the hub alone.
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H0), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H0), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var hit = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));

        // Then restricts it twice (H1, then H2 excluding ES: the node needs both to end with ES excluded) and extends it.
        var first = LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H1, ExcludeMembers = { "ES" } });
        var second = LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H2 });
        var until = HubInbox.Count(Hub, $"SELECT retain_until_ms FROM message_lifecycle WHERE hub_sequence = {fr}") + (long)TimeSpan.FromDays(365).TotalMilliseconds;
        var extension = LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Extension = new RetentionExtension { RetainUntilMs = until, Justification = "trial pending" });
        foreach (var order in new[] { first, second, extension })
        {
            await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, order, "FR"));
        }

        // H2 still lets FR release it to DE with its consent.
        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), DateTimeOffset.UtcNow);
        await Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent });

        // Each order queued to DE, expected applied (H2 lets it keep the forwarded copy).
        Assert.Equal(3L, HubInbox.Count(Hub,
            $"SELECT count(*) FROM lifecycle_holders WHERE holder = 'urn:hst:member:DE' AND forwarded_copy = 1 AND expected = {(long)LifecycleOutcome.Applied} AND outcome IS NULL"));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM audit WHERE action = 'forward' AND detail LIKE '% orders=3'"));

        // DE's stream (its hit notification first): the forwarded envelope, then the three orders in the order the hub accepted them.
        var stream = await Inbox.ReceiveAsync(Hub, "DE", 5);
        var envelope = stream.FindIndex(d => d.Envelope.Length > 0 && Envelopes.Opener(Hub).Open(d.Envelope.Memory, Hub.Credentials("DE")) is { IsSuccess: true } opened
            && opened.Value!.Message.Case.Reference == "FR-1");
        Assert.True(envelope >= 0, "DE is streamed the forwarded envelope");
        var orders = stream.Skip(envelope + 1).Where(d => d.LifecycleOrder is not null).ToList();
        Assert.Equal(
            new[] { first, second, extension }.Select(o => o.OrderId),
            orders.Select(d => LifecycleOrder.Parser.ParseFrom(d.LifecycleOrder.Statement).OrderId));

        // DE confirms each as a holder does: the hub accepts them, records them and relays them to FR.
        foreach (var order in orders)
        {
            await LifecycleClient.ConfirmAsync(Hub, "DE", order, LifecycleOutcome.Applied);
        }

        Assert.Equal(3L, HubInbox.Count(Hub, $"SELECT count(*) FROM lifecycle_holders WHERE holder = 'urn:hst:member:DE' AND outcome = {(long)LifecycleOutcome.Applied}"));
        Assert.Equal(3L, HubInbox.Count(Hub, "SELECT count(*) FROM deliveries WHERE recipient = 'urn:hst:member:FR' AND kind = 4"));
        var ledger = (await Store.LedgerAsync(Messages.Sealed[fr].MessageId.ToArray(), null)).Ledger!;
        Assert.All(ledger.Lifecycle!.Orders, order =>
        {
            var atDe = Assert.Single(order.Holders, h => h.Holder == "urn:hst:member:DE");
            Assert.Equal((true, LifecycleOutcome.Applied, LifecycleOutcome.Applied), (atDe.ForwardedCopy, atDe.Expected, atDe.Outcome));
        });
    }

    [Fact]
    public async Task Release_OfAMessageWithOnlyALapse_QueuesNoOrder()
    {
        // A lapse is never relayed, so it is not queued to a later holder either.
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H0), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H0), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var hit = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Lapse = new RetentionLapse { Note = "no longer needed" }), "FR"));

        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), DateTimeOffset.UtcNow);
        await Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent });

        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM forwards WHERE hub_sequence = {fr}"));
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM deliveries WHERE recipient = 'urn:hst:member:DE' AND kind = 3"));
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM lifecycle_holders"));
    }
}
