namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 4: sealing numbers each recipient's entry by counting the messages to it the hub accepted
/// (<see cref="NodeStore.NextRecipientSequencesAsync"/>); this index keeps that a range read as the outbox grows.
/// </summary>
internal static class Migration0004
{
    public const string Sql = """
        CREATE INDEX outbox_addressees_by_addressee ON outbox_addressees (addressee, local_id);
        """;
}
