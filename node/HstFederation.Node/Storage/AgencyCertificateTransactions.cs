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
            INSERT INTO blocked_agency_certificates (sha256, agency_id, subject, serial, not_after_ms, reason, blocked_at_ms, blocked_by)
            VALUES ($sha256, $agency, $subject, $serial, $notAfter, $reason, $now, $actor)
            ON CONFLICT (sha256) DO NOTHING;
            """,
            ("$sha256", block.Sha256), ("$agency", block.AgencyId), ("$subject", block.Subject), ("$serial", block.Serial),
            ("$notAfter", block.NotAfterMs), ("$reason", block.Reason), ("$now", context.NowMs), ("$actor", actor)) == 1;
        var row = BlockedCertificateReader.Read(context.Connection, "sha256 = $sha256", ("$sha256", block.Sha256)).Single();
        if (!added)
        {
            return row.AgencyId == block.AgencyId
                ? new CertificateBlockResult(row, Added: false)
                : throw new AgencyConflictException($"Certificate {row.Fingerprint} is already blocked as a certificate of agency '{row.AgencyId}'.");
        }

        var detail = $"agency={block.AgencyId} sha256={row.Fingerprint}"
            + (block.Serial is null ? string.Empty : " serial=" + block.Serial)
            + (block.Reason is null ? string.Empty : " reason=" + block.Reason);
        NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.AgencyCertificateBlocked, null, detail);
        return new CertificateBlockResult(row, Added: true);
    }

    /// <summary>The block removed, or null when <paramref name="sha256"/> was not blocked for <paramref name="agencyId"/>.</summary>
    public static BlockedAgencyCertificate? Unblock(WriteContext context, string agencyId, byte[] sha256, string actor)
    {
        using var command = context.Connection.Command(
            $"DELETE FROM blocked_agency_certificates WHERE sha256 = $sha256 AND agency_id = $agency RETURNING {BlockedCertificateReader.Columns};",
            ("$sha256", sha256), ("$agency", agencyId));
        using var reader = command.ExecuteReader();
        var removed = BlockedCertificateReader.ReadAll(reader).SingleOrDefault();
        reader.Close();
        if (removed is not null)
        {
            NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.AgencyCertificateUnblocked, null,
                $"agency={agencyId} sha256={removed.Fingerprint}");
        }

        return removed;
    }
}
