using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>Adds summaries and the inbox rows to a lookup by message id, in one read snapshot.</summary>
internal static class MessageLookup
{
    public static FoundMessage Details(SqliteConnection connection, OutboxEntry? outbox, byte[] messageId)
    {
        return connection.InReadTransaction(() =>
        {
            var outboxDetail = outbox is null
                ? null
                : new OutboxDetail(outbox, SummaryReader.ReadOrUnparsed(connection, MessageBox.Outbox, outbox.LocalId));
            var inbox = InboxReader.ByMessageId(connection, messageId)
                .Select(entry => new InboxDetail(entry, SummaryReader.ReadOrUnparsed(connection, MessageBox.Inbox, entry.LocalId)))
                .ToList();
            return new FoundMessage(outboxDetail, inbox);
        });
    }
}
