using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>The hub's withdrawal notices (intelligence.proto HubWithdrawal), each entry built from the envelope the hub stored, as the hub builds it.</summary>
internal static class HubWithdrawalNotices
{
    /// <summary>A notice naming <paramref name="entries"/>.</summary>
    public static HubWithdrawal Of(params WithdrawnHubMessage[] entries) => new() { Withdrawn = { entries } };

    /// <summary>The message id the hub signed for its message at <paramref name="hubSequence"/>.</summary>
    public static byte[] MessageId(TestHub hub, long hubSequence) =>
        EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(hub.StoredEnvelope(hubSequence)).Header).MessageId.ToByteArray();

    /// <summary>
    /// The entry for the hub's message at <paramref name="hubSequence"/> to member <paramref name="code"/>: its id, its
    /// Recipient.sequence to the member and its content type as signed in its header, and the SHA-256 of that header.
    /// </summary>
    public static WithdrawnHubMessage Entry(TestHub hub, string code, long hubSequence, WithdrawalCause cause)
    {
        var envelope = Envelope.Parser.ParseFrom(hub.StoredEnvelope(hubSequence));
        var header = EnvelopeHeader.Parser.ParseFrom(envelope.Header);
        return new WithdrawnHubMessage
        {
            MessageId = header.MessageId,
            RecipientSequence = header.Recipients.Single(r => r.Party == PartyId.Member(code).Uri).Sequence,
            HeaderSha256 = ByteString.CopyFrom(SHA256.HashData(envelope.Header.Span)),
            ContentType = header.ContentType,
            Cause = cause,
            BecauseOf = new MessageReference { Sender = PartyId.Member("DE").Uri, MessageId = ByteString.CopyFrom(HubProducts.NewId()) },
        };
    }
}
