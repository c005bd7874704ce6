using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intake;

/// <summary>The hub-signed AcceptanceReceipt stored with every message: for a member's submission and for the hub's own messages.</summary>
internal static class AcceptanceReceipts
{
    /// <summary>The serialized SignedStatement; signed on the writer, inside the transaction that assigns <paramref name="hubSequence"/>.</summary>
    public static byte[] Sign(
        EnvelopeHeader header, ReadOnlySpan<byte> envelope, IEnumerable<PartyId> recipients, long hubSequence, long acceptedAtMs, PartyCredentials hub) =>
        SignedStatements.Sign(Build(header, envelope, recipients, hubSequence, acceptedAtMs), StatementKind.AcceptanceReceipt, hub).ToByteArray();

    /// <summary>The receipt before its signature (the benchmarks' stub hub signs the same).</summary>
    public static AcceptanceReceipt Build(
        EnvelopeHeader header, ReadOnlySpan<byte> envelope, IEnumerable<PartyId> recipients, long hubSequence, long acceptedAtMs)
    {
        var receipt = new AcceptanceReceipt
        {
            Version = ProtocolVersions.Current,
            MessageId = header.MessageId,
            Sender = header.Sender,
            EnvelopeSha256 = ByteString.CopyFrom(SHA256.HashData(envelope)),
            AcceptedAtMs = acceptedAtMs,
            HubSequence = checked((ulong)hubSequence),
        };
        receipt.Recipients.AddRange(recipients.Select(r => r.Uri));
        return receipt;
    }
}
