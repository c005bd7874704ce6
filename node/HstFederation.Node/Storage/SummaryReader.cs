using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>Reads <see cref="MessageSummary"/> values: from a row's summary columns, or by box and local id.</summary>
internal static class SummaryReader
{
    /// <summary>The columns every query that returns a summary selects, in this order, from alias <c>s</c>.</summary>
    public const string Columns = "s.parsed, s.handling_code, s.case_reference, s.case_title";

    /// <summary>Builds the summary from <see cref="Columns"/> starting at <paramref name="first"/>.</summary>
    public static MessageSummary FromRow(SqliteConnection connection, SqliteDataReader row, int first, MessageBox box, long localId) =>
        new(
            row.GetInt64(first) == 1,
            row.IsDBNull(first + 1) ? null : (HandlingCode)row.GetInt64(first + 1),
            row.IsDBNull(first + 2) ? null : row.GetString(first + 2),
            row.IsDBNull(first + 3) ? null : row.GetString(first + 3),
            CrimeTypes(connection, box, localId));

    public static MessageSummary Read(SqliteConnection connection, MessageBox box, long localId)
    {
        using var command = connection.Command(
            $"SELECT {Columns} FROM message_summaries s WHERE s.box = $box AND s.local_id = $local;",
            ("$box", box.ToStorage()), ("$local", localId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? FromRow(connection, reader, 0, box, localId)
            : throw new InvalidOperationException($"The {box.ToStorage()} message {localId} has no summary; reopen the store to index it.");
    }

    /// <summary>
    /// As <see cref="Read"/>, but a row without a summary — purged (docs/lifecycle.md §4) or what the hub itself sent,
    /// which is never indexed — reads as not parsed, so looking it up by id still shows what remains of it.
    /// </summary>
    public static MessageSummary ReadOrUnparsed(SqliteConnection connection, MessageBox box, long localId)
    {
        var exists = connection.Scalar(
            "SELECT 1 FROM message_summaries WHERE box = $box AND local_id = $local;", ("$box", box.ToStorage()), ("$local", localId)) is not null;
        return exists ? Read(connection, box, localId) : new MessageSummary(false, null, null, null, []);
    }

    private static List<CrimeType> CrimeTypes(SqliteConnection connection, MessageBox box, long localId)
    {
        using var command = connection.Command(
            "SELECT crime_type FROM message_crime_types WHERE box = $box AND local_id = $local ORDER BY crime_type;",
            ("$box", box.ToStorage()), ("$local", localId));
        using var reader = command.ExecuteReader();
        var types = new List<CrimeType>();
        while (reader.Read())
        {
            types.Add((CrimeType)reader.GetInt64(0));
        }

        return types;
    }
}
