using Google.Protobuf;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// A node file at schema version 13, before migration 14 linked what the hub sent to its hits, products and sources, filled
/// row by row as a node at that version left it: the next open runs the catch-up (PurgedHits.CatchUp, PurgedProducts.CatchUp).
/// </summary>
internal static class Version13File
{
    /// <summary>A new file migrated to schema version 13, in WAL mode, for a test to fill.</summary>
    public static SqliteConnection Create(string path, TimeProvider time)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(13, SchemaMigrations.Apply(connection, time, 13));
        return connection;
    }

    /// <summary>An inbox row from the hub holding <paramref name="content"/>; returns its local id.</summary>
    public static long InsertFromHub(SqliteConnection connection, IMessage content, int sequence) =>
        InsertRaw(connection, content.ToByteArray(), content.Descriptor.FullName, sequence);

    /// <summary>An inbox row from the hub holding <paramref name="plaintext"/> as <paramref name="contentType"/> (bytes that need not parse).</summary>
    public static long InsertRaw(SqliteConnection connection, byte[] plaintext, string contentType, int sequence) =>
        (long)connection.Scalar(
            """
            INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type)
            VALUES ('urn:hst:hub:IPSG', $id, $sequence, zeroblob(32), X'01', $plaintext, 0, 1, $type) RETURNING local_id;
            """,
            ("$id", HubProducts.NewId()), ("$sequence", sequence), ("$plaintext", plaintext), ("$type", contentType))!;

    /// <summary>The <c>products</c> row of <paramref name="productId"/>, its copy in inbox row <paramref name="local"/>.</summary>
    public static void InsertProductRow(SqliteConnection connection, byte[] productId, long local) =>
        connection.Execute(
            """
            INSERT INTO products (product_id, inbox_local_id, kind, produced_at_ms, period_start_ms, period_end_ms, sources, description)
            VALUES ($id, $local, 2, 1, 1, 2, 1, '3 nodes, 3 edges');
            """,
            ("$id", productId), ("$local", local));
}
