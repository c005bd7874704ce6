using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using WriteContext = HstFederation.Hub.Storage.WriteContext; // Google.Protobuf has one too

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// What a member is told when the hub withdraws the delivery of one of its own messages to it — a hit notification, an
/// analytical product (docs/intelligence.md, Withdrawals). Called just before the withdrawal's UPDATE, in its transaction,
/// while the envelope is still there: the entry needs the message's Recipient.sequence to the member and its header hash,
/// which only the signed header holds (a purge empties <c>messages.envelope</c>). Only deliveries still in force and of
/// messages the hub sent are named, so a member's envelope is never named and a hub message withdrawn earlier is not
/// named again. The caller of the write queues the notices (<c>Outbound/HubWithdrawalNotices</c>).
/// </summary>
internal static class HubWithdrawals
{
    /// <param name="deliveries">An SQL condition on <c>d</c> (deliveries) choosing those about to be withdrawn.</param>
    /// <param name="becauseOf">The hub sequence of the member message whose recall, expiry or restriction causes it.</param>
    /// <param name="nameBecauseOf">
    /// False for a hit notification a restriction withdraws from a member it now excludes: the member must not learn of the
    /// restricted message from the notice (it never acknowledged the notification that named it).
    /// </param>
    public static void Record(
        WriteContext context, string deliveries, long becauseOf, WithdrawalCause cause, bool nameBecauseOf,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var connection = context.Connection;
        var rows = connection.Query(
            $"""
            SELECT d.recipient, m.hub_sequence, m.message_id, m.envelope FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence
            WHERE d.kind = 1 AND d.withdrawn_at_ms IS NULL AND m.sender = $hubParty AND ({deliveries}) ORDER BY d.cursor;
            """,
            reader =>
            {
                var read = new List<(PartyId Recipient, long HubSequence, byte[] MessageId, byte[] Envelope)>();
                while (reader.Read())
                {
                    read.Add((PartyId.Parse(reader.GetString(0)), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3]));
                }

                return read;
            },
            [("$hubParty", PartyId.Hub.Uri), .. parameters]);
        if (rows.Count == 0)
        {
            return;
        }

        var source = connection.Query(
            "SELECT sender, message_id FROM messages WHERE hub_sequence = $hub;",
            reader => reader.Read() ? new MessageReference { Sender = reader.GetString(0), MessageId = ByteString.CopyFrom((byte[])reader[1]) } : null,
            ("$hub", becauseOf))
            ?? throw new InvalidOperationException($"No message at hub sequence {becauseOf} to name as the cause.");
        foreach (var (recipient, hubSequence, messageId, envelope) in rows)
        {
            context.WithdrewHubDelivery(new WithdrawnHubDelivery(
                recipient, hubSequence, becauseOf, source.MessageId.ToByteArray(), Entry(recipient, hubSequence, messageId, envelope, cause, nameBecauseOf ? source : null)));
        }
    }

    /// <summary>The cause a purge gives: the message's state the order's transaction set (recalled, expired); still active: a restriction.</summary>
    public static WithdrawalCause CauseOf(MessageState? state) => state switch
    {
        MessageState.Recalled => WithdrawalCause.Recalled,
        MessageState.Expired => WithdrawalCause.Expired,
        _ => WithdrawalCause.Restricted,
    };

    private static WithdrawnHubMessage Entry(
        PartyId recipient, long hubSequence, byte[] messageId, byte[] envelope, WithdrawalCause cause, MessageReference? becauseOf)
    {
        // The hub empties its own message's envelope only together with withdrawing its delivery, so one still in force
        // has it; a row that does not parse would be a store fault, and the whole withdrawal rolls back rather than name it wrongly.
        var headerBytes = Envelope.Parser.ParseFrom(envelope).Header;
        var header = EnvelopeHeader.Parser.ParseFrom(headerBytes);
        var sequence = header.Recipients.FirstOrDefault(r => r.Party == recipient.Uri)?.Sequence
            ?? throw new InvalidOperationException($"The hub's message at hub sequence {hubSequence} does not name {recipient} among its recipients.");
        var entry = new WithdrawnHubMessage
        {
            MessageId = ByteString.CopyFrom(messageId),
            RecipientSequence = sequence,
            HeaderSha256 = ByteString.CopyFrom(SHA256.HashData(headerBytes.Span)),
            ContentType = header.ContentType,
            Cause = cause,
        };
        if (becauseOf is not null)
        {
            entry.BecauseOf = becauseOf;
        }

        return entry;
    }
}
