using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Search;

/// <summary>
/// Writes a <see cref="MessageIndex"/> for one stored message, inside the caller's write transaction: the
/// summary, crime types, entity rows and their full-text rows commit or roll back with the message itself.
/// </summary>
internal static class MessageIndexWriter
{
    public static void Write(SqliteConnection connection, MessageBox box, long localId, MessageIndex index)
    {
        var boxName = box.ToStorage();
        connection.Execute(
            """
            INSERT INTO message_summaries (box, local_id, parsed, handling_code, case_reference, case_title)
            VALUES ($box, $local, $parsed, $handling, $reference, $title);
            """,
            ("$box", boxName), ("$local", localId), ("$parsed", index.Parsed ? 1 : 0), ("$handling", index.HandlingCode),
            ("$reference", index.CaseReference), ("$title", index.CaseTitle));
        foreach (var crimeType in index.CrimeTypes)
        {
            connection.Execute(
                "INSERT INTO message_crime_types (box, local_id, crime_type) VALUES ($box, $local, $type);",
                ("$box", boxName), ("$local", localId), ("$type", crimeType));
        }

        if (index.Entities.Count > 0)
        {
            WriteEntities(connection, boxName, localId, index.Entities);
        }
    }

    /// <summary>
    /// Sets the summary's handling code to <paramref name="inForce"/>, the handling a restriction left on the copy: lists,
    /// searches and agency scopes filter on the handling in force, never on the one first signed (docs/lifecycle.md §8).
    /// </summary>
    public static void SetHandling(SqliteConnection connection, MessageBox box, long localId, Protocol.V1.Handling inForce) =>
        connection.Execute(
            "UPDATE message_summaries SET handling_code = $handling WHERE box = $box AND local_id = $local;",
            ("$handling", MessageIndex.Code(inForce)), ("$box", box.ToStorage()), ("$local", localId));

    private static void WriteEntities(SqliteConnection connection, string box, long localId, IReadOnlyList<IndexedEntity> entities)
    {
        // Through Scalar/Execute, so the writer connection's statement cache compiles each statement once, not per message.
        foreach (var item in entities)
        {
            var id = (long)connection.Scalar(
                """
                INSERT INTO entities (box, local_id, kind, value, display, qualifier, path)
                VALUES ($box, $local, $kind, $value, $display, $qualifier, $path) RETURNING id;
                """,
                ("$box", box), ("$local", localId), ("$kind", item.Kind.ToStorage()), ("$value", item.Value), ("$display", item.Display),
                ("$qualifier", item.Qualifier), ("$path", item.Path))!;
            if (item.FullText is { } fullText)
            {
                connection.Execute("INSERT INTO entity_text (rowid, text) VALUES ($id, $text);", ("$id", id), ("$text", fullText));
            }
        }
    }
}
