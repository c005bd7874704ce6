using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What the hub's own message needs from inside the writer's transaction: the recipient's registry entry and the
/// hub's next numbers. Read and advanced in the transaction that stores the message, so they never leave gaps.
/// </summary>
internal static class OutboundTransaction
{
    /// <summary>The member's status and encryption certificate (DER), or null when it is not enrolled.</summary>
    public static (MemberStatus Status, byte[] EncryptionCertificate)? Recipient(WriteContext context, PartyId recipient) =>
        context.Connection.Query(
            "SELECT status, encryption_certificate FROM members WHERE party = $party;",
            reader => reader.Read() ? ((MemberStatus)reader.GetInt64(0), (byte[])reader[1]) : default((MemberStatus, byte[])?),
            ("$party", recipient.Uri));

    /// <summary>The hub's next per-sender sequence (over all its messages) and its next count of messages to <paramref name="recipient"/>.</summary>
    public static (long Sequence, long RecipientSequence) NextSequences(WriteContext context, PartyId recipient)
    {
        var connection = context.Connection;
        var last = connection.Scalar("SELECT last_sequence FROM sender_state WHERE sender = $sender;", ("$sender", PartyId.Hub.Uri)) as long? ?? 0;
        var lastToRecipient = connection.Scalar(
            "SELECT last_sequence FROM hub_recipient_state WHERE recipient = $recipient;", ("$recipient", recipient.Uri)) as long? ?? 0;
        return (last + 1, lastToRecipient + 1);
    }

    /// <summary>Records <paramref name="sequence"/> as the hub's last message to <paramref name="recipient"/> (sender_state moves with the message row).</summary>
    public static void RecordRecipientSequence(WriteContext context, PartyId recipient, long sequence) =>
        context.Connection.Execute(
            """
            INSERT INTO hub_recipient_state (recipient, last_sequence) VALUES ($recipient, $sequence)
            ON CONFLICT (recipient) DO UPDATE SET last_sequence = excluded.last_sequence;
            """,
            ("$recipient", recipient.Uri),
            ("$sequence", sequence));
}
