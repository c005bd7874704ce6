namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 16: agency client certificates the NCB blocked one by one (docs/agency-api.md, "Blocking one certificate"),
/// keyed by the certificate's serial number (what the national CA signed; the DER's hash is not unique, an ECDSA signature
/// having two encodings), so one lost or stolen certificate is cut off while the agency's other certificates (same URI
/// SAN, same scope row) keep working. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0016
{
    public const string Sql = """
        -- One row per certificate blocked now; unblocking deletes the row. The history (who blocked and unblocked which
        -- certificate, when, why) is the hash-chained audit log's, which cannot be edited, so the table holds only what
        -- the checks (the agency TLS handshake and every agency call) need: whether a row exists for the certificate's
        -- serial (the primary key). serial: upper-case hex of the DER INTEGER's content, leading 00 bytes stripped
        -- (AgencyCertificateSerial); every agency certificate is issued by the one national CA, so it names one certificate.
        -- sha256 (of the DER, information only), subject and not_after_ms are known when the operator gave the certificate
        -- file, null when only its serial. blocked_by: the operator.
        CREATE TABLE blocked_agency_certificates (
            serial TEXT PRIMARY KEY CHECK (length(serial) BETWEEN 2 AND 40 AND length(serial) % 2 = 0 AND serial NOT GLOB '*[^0-9A-F]*'),
            agency_id TEXT NOT NULL REFERENCES agencies (agency_id),
            sha256 BLOB CHECK (sha256 IS NULL OR length(sha256) = 32),
            subject TEXT,
            not_after_ms INTEGER,
            reason TEXT,
            blocked_at_ms INTEGER NOT NULL,
            blocked_by TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX blocked_agency_certificates_by_agency ON blocked_agency_certificates (agency_id);
        """;
}
