using HstFederation.Node.Audit;

namespace HstFederation.Node.Storage;

/// <summary>
/// Blocks and unblocks agency certificates inside the writer's transaction, each change audited in the same transaction with
/// the operator as actor. A repeated block is the primary key's to notice (ON CONFLICT DO NOTHING), never a look-up first.
/// </summary>
internal static class AgencyCertificateTransactions
{
    /// <summary>The block in force, or null when no agency has the block's id.</summary>
    public static CertificateBlockResult? Block(WriteContext context, NewCertificateBlock block, string actor)
    {
        // The agency must exist (the foreign key would refuse the row anyway): null lets the caller say so plainly.
        if (context.Connection.Scalar("SELECT 1 FROM agencies WHERE agency_id = $id;", ("$id", block.AgencyId)) is null)
        {
            return null;
        }

        var added = context.Connection.Execute(
            """
            INSERT INTO blocked_agency_certificates (serial, agency_id, sha256, subject, not_after_ms, reason, blocked_at_ms, blocked_by)
            VALUES ($serial, $agency, $sha256, $subject, $notAfter, $reason, $now, $actor)
            ON CONFLICT (serial) DO NOTHING;
            """,
            ("$serial", block.Serial), ("$agency", block.AgencyId), ("$sha256", block.Sha256), ("$subject", block.Subject),
            ("$notAfter", block.NotAfterMs), ("$reason", block.Reason), ("$now", context.NowMs), ("$actor", actor)) == 1;
        var row = BlockedCertificateReader.Read(context.Connection, "serial = $serial", ("$serial", block.Serial)).Single();
        if (!added)
        {
            return row.AgencyId == block.AgencyId
                ? new CertificateBlockResult(row, Added: false)
                : throw new AgencyConflictException($"Certificate serial {row.Serial} is already blocked as a certificate of agency '{row.AgencyId}'.");
        }

        var detail = $"agency={block.AgencyId} serial={row.Serial}"
            + (row.Fingerprint is null ? string.Empty : " sha256=" + row.Fingerprint)
            + (block.Reason is null ? string.Empty : " reason=" + block.Reason);
        NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.AgencyCertificateBlocked, null, detail);
        return new CertificateBlockResult(row, Added: true);
    }

    /// <summary>The block removed, or null when <paramref name="serial"/> was not blocked for <paramref name="agencyId"/>.</summary>
    public static BlockedAgencyCertificate? Unblock(WriteContext context, string agencyId, string serial, string actor)
    {
        using var command = context.Connection.Command(
            $"DELETE FROM blocked_agency_certificates WHERE serial = $serial AND agency_id = $agency RETURNING {BlockedCertificateReader.Columns};",
            ("$serial", serial), ("$agency", agencyId));
        using var reader = command.ExecuteReader();
        var removed = BlockedCertificateReader.ReadAll(reader).SingleOrDefault();
        reader.Close();
        if (removed is not null)
        {
            NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.AgencyCertificateUnblocked, null,
                $"agency={agencyId} serial={removed.Serial}");
        }

        return removed;
    }
}
