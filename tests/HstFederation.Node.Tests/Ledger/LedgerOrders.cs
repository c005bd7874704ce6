using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Ledger;

/// <summary>Lifecycle orders signed by a message's source with the project's own signing code, as the ledger tests need them.</summary>
internal static class LedgerOrders
{
    public static SignedStatement Recall(PartyCredentials source, byte[] messageId, byte[] headerHash, DateTimeOffset now) =>
        LifecycleOrders.Sign(
            new LifecycleOrder
            {
                Version = LifecycleOrders.CurrentVersion,
                OrderId = ByteString.CopyFrom(MessageIds.NewId(now, SystemRandomSource.Instance)),
                MessageId = ByteString.CopyFrom(messageId),
                Source = source.Party.Uri,
                HeaderSha256 = ByteString.CopyFrom(headerHash),
                Issuer = source.Party.Uri,
                IssuedAtMs = now.ToUnixTimeMilliseconds(),
                Recall = new RecallOrder { Reason = RecallReason.Inaccurate, Note = "wrong vessel" },
            },
            source);

    public static LifecycleOrder Parse(SignedStatement signed) => LifecycleOrder.Parser.ParseFrom(signed.Statement);
}
