namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 15: the hub's withdrawals of its own messages to this NCB (intelligence.proto HubWithdrawal;
/// docs/intelligence.md, "Withdrawals at the node"). <c>hub_withdrawn</c> keeps every message a notice named, by its number
/// in the hub's count of messages to this node, whether or not this node held it: a number there is no gap in that count,
/// and a named message arriving after all is stored without its content (<see cref="HubWithdrawals"/>). Alarms can now be
/// resolved (a gap the hub explained by withdrawals) and can name a message (a withdrawal naming a copy this node does not
/// hold). Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0015
{
    public const string Sql = """
        -- One per number the hub withdrew; the first notice naming it is kept (a repeat names it again). cause: the reason
        -- the hub gave; because_of_*: the member message whose recall, expiry or restriction caused it; notice_local_id:
        -- the inbox row of the hub-signed notice.
        CREATE TABLE hub_withdrawn (
            recipient_sequence INTEGER PRIMARY KEY CHECK (recipient_sequence >= 1),
            message_id BLOB NOT NULL CHECK (length(message_id) = 16),
            header_sha256 BLOB NOT NULL CHECK (length(header_sha256) = 32),
            content_type TEXT NOT NULL,
            cause TEXT NOT NULL CHECK (cause IN ('recalled', 'expired', 'restricted')),
            because_of_sender TEXT,
            because_of_message_id BLOB,
            notice_local_id INTEGER NOT NULL REFERENCES inbox (local_id),
            recorded_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX hub_withdrawn_by_message ON hub_withdrawn (message_id);

        -- message_id: the message a withdrawal-mismatch alarm is about. resolved_*: when, and by which notice (its message
        -- id), the hub explained a gap alarm by withdrawals; a resolved alarm is kept but no longer counts.
        ALTER TABLE alarms ADD COLUMN message_id BLOB;
        ALTER TABLE alarms ADD COLUMN resolved_at_ms INTEGER;
        ALTER TABLE alarms ADD COLUMN resolved_by BLOB;
        """;
}
