namespace HstFederation.Node.Storage;

/// <summary>A head of the hub's audit chain as this node recorded it (table hub_audit_heads).</summary>
internal sealed record HubAuditHeadRecord(long Entries, byte[] Hash, long IssuedAtMs, long RecordedAtMs, bool WentBack)
{
    /// <summary>The form `hst-hub verify-audit --recorded-head` reads: entries:hash.</summary>
    public string Head => $"{Entries.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{Convert.ToHexStringLower(Hash)}";
}
