namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 23: the hub's content stored before the node range-checked its times (and its scores) is checked again. A
/// node before that kept hit notifications, products, retention reviews and expiry reports whose signed times no
/// <see cref="DateTimeOffset"/> holds (a detection in the year 20000, a period starting before 1970), and every listing,
/// <c>show</c>, <c>ledger</c>, <c>status</c> and agency call that reached one failed. The check needs the stored plaintext
/// parsed, which SQL cannot do, so this only marks the check as pending: <see cref="HubContentRecheck"/> runs it at the next
/// open and removes the row in the transaction that moves what fails to quarantine.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0023
{
    public const string Sql = """
        -- One row while the recheck is pending (a new database has nothing to check: the pass only removes the row).
        CREATE TABLE hub_content_recheck (
            id INTEGER PRIMARY KEY CHECK (id = 1)
        ) STRICT;
        INSERT INTO hub_content_recheck (id) VALUES (1);
        """;
}
