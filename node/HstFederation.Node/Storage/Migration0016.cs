namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 16: agency client certificates the NCB blocked one by one (docs/agency-api.md, "Blocking one certificate"),
/// keyed by the SHA-256 of the certificate's DER, so one lost or stolen certificate is cut off while the agency's other
/// certificates (same URI SAN, same scope row) keep working. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0016
{
    public const string Sql = """
        -- One row per certificate blocked now; unblocking deletes the row. The history (who blocked and unblocked which
        -- certificate, when, why) is the hash-chained audit log's, which cannot be edited, so the table holds only what
        -- the check on every agency call needs: whether a row exists for the certificate's fingerprint (the primary key).
        -- subject, serial (hex, as the certificate has it) and not_after_ms are known when the operator gave the
        -- certificate file, null when only its fingerprint. blocked_by: the operator.
        CREATE TABLE blocked_agency_certificates (
            sha256 BLOB PRIMARY KEY CHECK (length(sha256) = 32),
            agency_id TEXT NOT NULL REFERENCES agencies (agency_id),
            subject TEXT,
            serial TEXT,
            not_after_ms INTEGER,
            reason TEXT,
            blocked_at_ms INTEGER NOT NULL,
            blocked_by TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX blocked_agency_certificates_by_agency ON blocked_agency_certificates (agency_id);
        """;
}
