using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Tests.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Statements;

/// <summary>Delivery receipts FR's messages get from a recipient, each for a new message id, a millisecond apart.</summary>
internal static class TestReceipts
{
    public static List<DeliveryReceipt> Make(EnvelopeWorld world, string recipient, int count) =>
        Enumerable.Range(0, count).Select(i => new DeliveryReceipt
        {
            Version = ProtocolVersions.Current,
            MessageId = ByteString.CopyFrom(MessageIds.NewId(world.Time.GetUtcNow(), Protocol.Crypto.SystemRandomSource.Instance)),
            HeaderSha256 = ByteString.CopyFrom(new byte[32]),
            Sender = PartyId.Member("FR").Uri,
            Recipient = PartyId.Member(recipient).Uri,
            ReceivedAtMs = world.Time.GetUtcNow().ToUnixTimeMilliseconds() + i,
        }).ToList();
}
