namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 5: submission idempotency keys. A submission that carries a request id (AgencySubmitRequest.request_id,
/// `hst-node send --request-id`) keeps (actor, request id) → its outbox row here, with the SHA-256 of the request,
/// written in the enqueue's own transaction. The primary key makes a second row for the same key impossible; the
/// enqueue looks the key up inside that same BEGIN IMMEDIATE transaction, so a retry finds the first submission
/// rather than queuing a second. Kept as long as the outbox row (outbox rows are never deleted).
/// </summary>
internal static class Migration0005
{
    public const string Sql = """
        -- actor: the audit actor that submitted (agency:<agency_id> or operator:<user>): keys are scoped per actor.
        -- request_sha256: SHA-256 of the request's protobuf serialization without the key (SubmitKey), to tell a
        -- retry (same hash) from a reuse of the key for another request (refused).
        CREATE TABLE submit_keys (
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            request_id TEXT NOT NULL CHECK (length(request_id) BETWEEN 1 AND 128),
            request_sha256 BLOB NOT NULL CHECK (length(request_sha256) = 32),
            local_id INTEGER NOT NULL UNIQUE REFERENCES outbox (local_id),
            created_at_ms INTEGER NOT NULL,
            PRIMARY KEY (actor, request_id)
        ) STRICT, WITHOUT ROWID;
        """;
}
