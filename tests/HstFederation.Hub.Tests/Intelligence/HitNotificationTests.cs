using System.Text;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>
/// The intelligence pipeline over a real hub with real subscribers (docs/intelligence.md §2–3): a new message matching
/// another source's holdings notifies both sources, nobody else, with nothing of the other side's content.
/// </summary>
public sealed class HitNotificationTests : IntelligenceHubTests
{
    private const string Canary = "CANARY-7f3a9e";

    private async Task<(long Fr, long De)> TwoSourcesSamePersonAsync()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-OCRIEST-0412", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678"), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync(
            "DE", IntelMessages.AboutPerson($"DE-BKA-{Canary}", "AL SALHI", "Mohammed Aly", "+218912345678", remarks: $"informant {Canary} says"), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        return (fr, de);
    }

    [Fact]
    public async Task NewMessage_MatchingAnotherSourcesHolding_BothSourcesAreNotifiedOfTheSameHit()
    {
        await TwoSourcesSamePersonAsync();

        var atFr = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        var atDe = Assert.Single(await HubInbox.NotificationsAsync(Hub, "DE", 1));

        Assert.Equal(atFr.HitId, atDe.HitId);
        Assert.Equal(HitBasis.HubIndex, atFr.Basis);
        Assert.Equal("urn:hst:member:FR", atFr.YourMessage.Sender);
        Assert.Equal("urn:hst:member:DE", atFr.OtherMessage.Sender);
        Assert.Equal(atFr.YourMessage, atDe.OtherMessage);
        Assert.Equal(atFr.OtherMessage, atDe.YourMessage);
        Assert.False(atFr.OtherMessageReadable);
        var phone = Assert.Single(atFr.Matches, m => m.Kind == MatchKind.Phone);
        Assert.Equal("+218912345678", phone.YourValue);
        Assert.Equal("persons[0].phones[0]", phone.YourPath);
        var person = Assert.Single(atDe.Matches, m => m.Kind == MatchKind.Person);
        Assert.Equal(string.Empty, person.YourValue);
        Assert.NotEmpty(person.Factors);
    }

    [Fact]
    public async Task Notification_NeverGoesToAThirdMember_EvenARecipientOfOneOfTheMessages()
    {
        await TwoSourcesSamePersonAsync();

        var atIt = await HubInbox.EnvelopesAsync(Hub, "IT");

        Assert.Single(atIt); // FR's report itself, nothing from the hub
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence WHERE m.sender = 'urn:hst:hub:IPSG' AND d.recipient NOT IN ('urn:hst:member:FR', 'urn:hst:member:DE')"));
    }

    [Fact]
    public async Task Notification_DecryptedByTheRecipient_HoldsNothingOfTheOtherMessagesContent()
    {
        await TwoSourcesSamePersonAsync();

        var plaintext = Assert.Single(await HubInbox.HubPlaintextsAsync(Hub, "FR"));

        foreach (var secret in new[] { Canary, "DE-BKA", "Mohammed", "Aly", "AL SALHI", "informant" })
        {
            Assert.DoesNotContain(secret, Encoding.UTF8.GetString(plaintext), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task MemberExcludedByTheOtherMessage_IsNotToldOfTheHit_TheOtherSourceStillIs()
    {
        // FR's report excludes DE: DE must not learn that it exists, not even as a hit.
        await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H0), ["IPSG", "IT"], excluded: ["DE"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678"), ["IPSG"]);
        await Messages.ProcessedAsync(de);

        var atFr = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        Assert.Equal("urn:hst:member:DE", atFr.OtherMessage.Sender);
        Assert.Empty(await HubInbox.EnvelopesAsync(Hub, "DE"));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM hits"));
    }

    [Fact]
    public async Task TwoMessagesOfTheSameSource_AreNoHit()
    {
        await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678"), ["IPSG"]);
        var second = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-2", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678"), ["IPSG"]);
        await Messages.ProcessedAsync(second);

        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM hits"));
        Assert.Empty(await HubInbox.EnvelopesAsync(Hub, "FR"));
    }

    [Fact]
    public async Task Restart_RebuildsTheIndex_LaterMessagesMatchEarlierOnesAndNothingIsNotifiedTwice()
    {
        await TwoSourcesSamePersonAsync();
        await RestartAsync();

        var it = await Messages.SubmitAsync("IT", IntelMessages.AboutPerson("IT-SCO-1", "ALSALHI", "Mohamed", "+218-91-2345678"), ["IPSG"]);
        await Messages.ProcessedAsync(it);

        Assert.Equal(3L, HubInbox.Count(Hub, "SELECT count(*) FROM hits"));
        Assert.Equal(2, (await HubInbox.NotificationsAsync(Hub, "FR", 2)).Select(n => n.HitId).Distinct().Count());
        Assert.Equal(2, (await HubInbox.NotificationsAsync(Hub, "DE", 2)).Select(n => n.HitId).Distinct().Count());
        Assert.Equal(2, (await HubInbox.NotificationsAsync(Hub, "IT", 2)).Select(n => n.HitId).Distinct().Count());
    }
}
