namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 18: an operator can resolve a quarantined delivery or an alarm once it is looked into
/// (<c>hst-node quarantine resolve</c>, <see cref="OperatorResolutions"/>). Before, every quarantined delivery and every
/// alarm the hub's withdrawals did not explain counted in <c>status</c> for good, so its exit code stayed 1 after the
/// investigation. A resolved row is kept as it was (the quarantined bytes are evidence); only columns are added, so no
/// table is rebuilt. Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0018
{
    public const string Sql = """
        -- resolved_*: when, by which operator (operator:<user>) and why a quarantined delivery was resolved; a resolved one
        -- is kept, no longer counted by 'status' nor listed by 'quarantine' (but by 'quarantine --all').
        ALTER TABLE quarantine ADD COLUMN resolved_at_ms INTEGER;
        ALTER TABLE quarantine ADD COLUMN resolved_by_operator TEXT;
        ALTER TABLE quarantine ADD COLUMN resolution_note TEXT;
        -- 'status' counts the open ones at every run: from this index, not by reading each row, whose envelope comes first.
        CREATE INDEX quarantine_open ON quarantine (id) WHERE resolved_at_ms IS NULL;

        -- An alarm resolved by an operator: resolved_at_ms as for one the hub's withdrawals explained (whose resolved_by
        -- names the notice), with the operator and the note instead.
        ALTER TABLE alarms ADD COLUMN resolved_by_operator TEXT;
        ALTER TABLE alarms ADD COLUMN resolution_note TEXT;
        """;
}
