using System.Text;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>
/// A recall (an expiry purges the same way, docs/lifecycle.md §7) reaches the hits the message took part in: the hit
/// notifications about it, to either source, are no longer streamed, and the hub's own copies of them (encrypted to the
/// hub too) and the hit's explanation leave the database and its WAL; the hit itself — its id, the two messages, when,
/// who was notified — stays for the ledger.
/// </summary>
public sealed class PurgedHitTests : IntelligenceHubTests
{
    private byte[] Files()
    {
        var store = Hub.Services.GetRequiredService<HubStore>();
        return DatabaseFiles.Bytes(store.Database.Path);
    }

    private List<byte[]> NotificationEnvelopes()
    {
        using var connection = Hub.Services.GetRequiredService<HubStore>().Database.OpenReadConnection();
        return connection.Query(
            "SELECT m.envelope FROM hit_notifications n JOIN messages m ON m.hub_sequence = n.notification ORDER BY n.notification;",
            reader =>
            {
                var envelopes = new List<byte[]>();
                while (reader.Read())
                {
                    envelopes.Add((byte[])reader[0]);
                }

                return envelopes;
            });
    }

    private string Explanation()
    {
        using var connection = Hub.Services.GetRequiredService<HubStore>().Database.OpenReadConnection();
        return (string)connection.Scalar("SELECT explanation FROM hits")!;
    }

    private static bool Holds(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public async Task Lifecycle_RecallAfterAHit_QueuedNotificationsAreNotStreamed_TheHubsCopiesAndExplanationAreGone_TheHitStays()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        Assert.Single(await HubInbox.EnvelopesAsync(Hub, "DE"));
        var notifications = NotificationEnvelopes();
        Assert.Equal(2, notifications.Count);
        var ciphertexts = notifications.Select(envelope => envelope[^64..]).ToList();
        var explanation = Encoding.UTF8.GetBytes(Explanation());
        Assert.Contains("agrees LY", Explanation(), StringComparison.Ordinal);
        var before = Files();
        Assert.All(ciphertexts, ciphertext => Assert.True(Holds(before, ciphertext), "the hub stores its notifications before the recall"));
        Assert.True(Holds(before, explanation), "the hit's explanation is stored before the recall");

        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR"), "FR"));

        // Neither source is told of a hit on a message that no longer exists (DE held nothing of FR's: no order either);
        // each is told instead that the hub withdrew its notification (HubWithdrawalTests), and streams nothing else of the hub's.
        foreach (var member in (string[])["DE", "FR"])
        {
            var hubMessages = (await HubInbox.EnvelopesAsync(Hub, member)).Where(d => d.HubSequence != fr && d.HubSequence != de).ToList();
            Assert.Equal(hubMessages.Count, (await HubInbox.WithdrawalsAsync(Hub, member)).Count);
            Assert.Single(hubMessages);
        }

        Assert.Equal(2L, HubInbox.Count(Hub,
            "SELECT count(*) FROM deliveries d JOIN hit_notifications n ON n.notification = d.hub_sequence WHERE d.kind = 1 AND d.withdrawn_at_ms IS NOT NULL"));
        var after = Files();
        Assert.All(ciphertexts, ciphertext => Assert.False(Holds(after, ciphertext), "the hub's notification copies are gone from the files"));
        Assert.False(Holds(after, explanation), "the hit's explanation is gone from the files");
        Assert.All(NotificationEnvelopes(), envelope => Assert.Empty(envelope));

        // The ledger still shows that the hit existed, between which messages, when, and who was notified.
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM hits WHERE held_message = {fr} AND new_message = {de} AND explanation = '' AND detected_at_ms > 0"));
        Assert.Equal(2L, HubInbox.Count(Hub, "SELECT count(*) FROM hit_notifications"));
    }

    [Fact]
    public async Task Lifecycle_RecallOfTheLaterMessage_AnAcknowledgedNotificationIsNotStreamedAgain_AndTheHubsCopyIsGone()
    {
        // DE's message is the hit's new side; FR has received and acknowledged its notification before DE recalls.
        await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var atFr = Assert.Single(await Inbox.ReceiveAsync(Hub, "FR", 1));
        await DeliveryReceipts.AcknowledgeAsync(Hub, "FR", atFr, Inbox.OpenContent(Hub, atFr, "FR").Verified);
        var ciphertext = atFr.Envelope.Span[^64..].ToArray();
        Assert.True(Holds(Files(), ciphertext), "the hub stores its acknowledged notification before the recall");

        await LifecycleClient.SendAsync(Hub, "DE", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[de], "DE"), "DE"));

        // A stream resumed from the start no longer carries it, only the hub's notice that it was withdrawn
        // (HubWithdrawalTests); the hub cannot re-open it any more.
        Assert.Single(await HubInbox.EnvelopesAsync(Hub, "FR"));
        Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "FR"));
        Assert.False(Holds(Files(), ciphertext), "the hub's copy of the acknowledged notification is gone from the files");
        Assert.All(NotificationEnvelopes(), envelope => Assert.Empty(envelope));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM hits WHERE new_message = {de} AND explanation = ''"));
    }
}
