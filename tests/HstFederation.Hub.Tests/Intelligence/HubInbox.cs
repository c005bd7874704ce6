using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>What the hub has stored for a member: its deliveries, and the hub's hit notifications among them as the member opens them.</summary>
internal static class HubInbox
{
    /// <summary>Every envelope delivery to <paramref name="member"/>, in cursor order, read from the store (what Subscribe would send).</summary>
    public static async Task<IReadOnlyList<StoredDelivery>> EnvelopesAsync(HubServer hub, string member) =>
        (await hub.Services.GetRequiredService<HubStore>().ReadDeliveriesAsync(PartyId.Member(member), 0, 10_000))
            .Where(d => d.Kind == DeliveryKind.Envelope).ToList();

    /// <summary>The hit notifications delivered to <paramref name="member"/>, received over its real Subscribe stream and opened with its key.</summary>
    public static async Task<List<HitNotification>> NotificationsAsync(HubServer hub, string member, int expected)
    {
        var envelopes = (await EnvelopesAsync(hub, member)).Count;
        var deliveries = await Inbox.ReceiveAsync(hub, member, envelopes);
        return deliveries
            .Select(d => Inbox.OpenContent(hub, d, member))
            .Where(opened => opened.Verified.SenderParty.IsHub)
            .Select(opened => opened.Parse(HitNotification.Parser).GetValueOrThrow())
            .ToList() is var notifications && notifications.Count == expected
                ? notifications
                : throw new Xunit.Sdk.XunitException($"{member} holds {notifications.Count} hit notifications, not {expected}.");
    }

    /// <summary>The plaintext of every hub message delivered to <paramref name="member"/>, decrypted with its key.</summary>
    public static async Task<List<byte[]>> HubPlaintextsAsync(HubServer hub, string member)
    {
        var envelopes = (await EnvelopesAsync(hub, member)).Count;
        return (await Inbox.ReceiveAsync(hub, member, envelopes))
            .Select(d => Inbox.OpenContent(hub, d, member))
            .Where(opened => opened.Verified.SenderParty.IsHub)
            .Select(opened => opened.Plaintext.ToArray())
            .ToList();
    }

    /// <summary>
    /// The hub's HubWithdrawal notices to <paramref name="member"/> (docs/intelligence.md, Withdrawals), in stream order,
    /// received over its real Subscribe stream and opened with its key as its node opens them (the hub's signature, the
    /// content type it signed): each with its verified envelope, for the notice's own header. <paramref name="clock"/>: a
    /// hub on a fake clock's.
    /// </summary>
    public static async Task<List<(VerifiedEnvelope Envelope, HubWithdrawal Notice)>> WithdrawalsAsync(HubServer hub, string member, TimeProvider? clock = null)
    {
        var envelopes = (await EnvelopesAsync(hub, member)).Count;
        return (await Inbox.ReceiveEnvelopesAsync(hub, member, envelopes))
            .Select(d => Inbox.OpenContent(hub, d, member, clock))
            .Where(opened => opened.Verified.SenderParty.IsHub && opened.ContentType == ProtocolVersions.HubWithdrawalContentType)
            .Select(opened => (opened.Verified, opened.Parse(HubWithdrawal.Parser).GetValueOrThrow()))
            .ToList();
    }

    /// <summary>The hub's <see cref="Recipient.Sequence"/> to <paramref name="member"/> as the envelope's signed header states it.</summary>
    public static ulong RecipientSequence(VerifiedEnvelope envelope, string member) =>
        envelope.Header.Recipients.Single(r => r.Party == PartyId.Member(member).Uri).Sequence;

    public static long Count(HubServer hub, string sql)
    {
        using var connection = hub.Services.GetRequiredService<HubStore>().Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }
}
