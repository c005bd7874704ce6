using Google.Protobuf;
using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// The file a node at schema version 21 left, holding what the hub signed with times no date holds, stored before the node
/// range-checked them (row by row, as that node wrote them): the next open moves each to quarantine as a fresh arrival
/// would be, every listing works again, and the good rows stay.
/// </summary>
public sealed class HubContentRecheckTests
{
    /// <summary>Year 10000: positive, so the checks of before let it through; beyond what DateTimeOffset holds.</summary>
    private const long NoDate = 253_402_300_800_000;

    private static readonly HitNotification GoodHit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");

    [Fact]
    public async Task Open_Version21FileWithTimesNoDateHolds_QuarantinesEachAsOnArrival_KeepsTheGoodHit()
    {
        await using var temp = TempNodeStore.Create(Seed);

        Assert.Equal(7, temp.Store.Database.QuarantinedAtOpen);
        Assert.Equal(7, temp.Count("SELECT COUNT(*) FROM quarantine WHERE reason = 'ContentInvalid' AND item = 'envelope' AND resolved_at_ms IS NULL;"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM quarantine WHERE detail LIKE 'hit notification: detected_at_ms is not a time (stored before%';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM quarantine WHERE detail LIKE 'hit notification: a matched entity''s score is not within 0..1%';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM quarantine WHERE detail LIKE 'analytical product: produced_at_ms is not a time%';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM quarantine WHERE detail LIKE 'retention review: retain_until_ms is not a time%';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM quarantine WHERE detail LIKE 'expiry report: expired_at_ms is not a time%';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM quarantine WHERE detail LIKE 'hit notification: a time it carried is not a time (its content was purged%' AND length(envelope) = 0;"));
        // The envelope as received is the quarantined evidence.
        Assert.Equal(6, temp.Count("SELECT COUNT(*) FROM quarantine WHERE envelope = X'E0';"));

        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM hits WHERE hit_id = X'{Convert.ToHexString(GoodHit.HitId.Span)}';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM hits;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM hit_notifications;"));
        foreach (var table in new[] { "products", "product_copies", "product_sources", "retention_reviews", "expiry_reports", "expiry_report_recipients", "hub_content_recheck" })
        {
            Assert.True(temp.Count($"SELECT COUNT(*) FROM {table};") == 0, table);
        }

        Assert.Equal(7, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'quarantine' AND detail LIKE '% moved from inbox local_id=%';"));
        var verification = NodeAudit.Verify(temp.Store.Database);
        Assert.True(verification.IsIntact, verification.Detail);

        // Once: the next open finds nothing pending and moves nothing more.
        var reopened = await temp.ReopenAsync();
        Assert.Equal(0, reopened.Database.QuarantinedAtOpen);
        Assert.Equal(7, temp.Count("SELECT COUNT(*) FROM quarantine;"));
    }

    [Theory]
    [InlineData("hits")]
    [InlineData("hits", "--json")]
    [InlineData("products")]
    [InlineData("products", "--json")]
    [InlineData("quarantine")]
    public async Task Listing_AfterOpeningTheVersion21File_Succeeds(params string[] command)
    {
        await using var temp = TempNodeStore.Create(Seed);

        var run = await CommandRun.RunAsync([.. command, $"--Node:DatabasePath={temp.DatabasePath}"]);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Theory]
    [InlineData("hits", "")]
    [InlineData("hits", "\"detectedAt\":null")]
    [InlineData("products", "")]
    [InlineData("products", "\"producedAt\":null")]
    public async Task Listing_OfRowsNoDateHolds_ListsEveryRow_TheirTimesAsNoDate(string command, string json)
    {
        // Rows that escaped the check (written behind the node's back once it opened): the listing still lists.
        await using var temp = TempNodeStore.Create();
        using (var raw = temp.Raw())
        {
            InsertRows(raw, temp.Time);
        }

        var run = json.Length > 0
            ? await CommandRun.RunAsync(command, "--json", $"--Node:DatabasePath={temp.DatabasePath}")
            : await CommandRun.RunAsync(command, $"--Node:DatabasePath={temp.DatabasePath}");

        Assert.True(run.ExitCode == 0, run.ToString());
        if (json.Length > 0)
        {
            Assert.Contains(json, System.Text.RegularExpressions.Regex.Replace(run.Out, @"\s", string.Empty), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"no date ({NoDate} ms)", run.Out, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Version 21 with one good hit and, each with times no date holds: a hit notified twice, a product, a retention review,
    /// an expiry report, and a hit whose notification a purge emptied (only its hits row keeps the time); and a hit whose
    /// matched entity's score is NaN.
    /// </summary>
    private static void Seed(string path, TimeProvider time)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(21, SchemaMigrations.Apply(connection, time, 21));
        InsertRows(connection, time);
    }

    private static void InsertRows(SqliteConnection connection, TimeProvider time)
    {
        var sequence = (int)(long)connection.Scalar("SELECT COUNT(*) FROM inbox;")!;

        InsertHit(connection, GoodHit, InsertFromHub(connection, GoodHit, ++sequence));

        var badHit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        badHit.DetectedAtMs = NoDate;
        var first = InsertFromHub(connection, badHit, ++sequence);
        InsertHit(connection, badHit, first);
        connection.Execute(
            "INSERT INTO hit_notifications (inbox_local_id, hit_row) SELECT $local, id FROM hits WHERE hit_id = $hit;",
            ("$local", InsertFromHub(connection, badHit, ++sequence)), ("$hit", badHit.HitId.ToByteArray()));

        var nanHit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        nanHit.Matches[0].Score = double.NaN;
        InsertHit(connection, nanHit, InsertFromHub(connection, nanHit, ++sequence));

        var product = HubProducts.Corridors("FR");
        product.ProducedAtMs = NoDate;
        var productLocal = InsertFromHub(connection, product, ++sequence);
        connection.Execute(
            """
            INSERT INTO products (product_id, inbox_local_id, kind, produced_at_ms, period_start_ms, period_end_ms, sources, description)
            VALUES ($id, $local, 1, $produced, $start, $end, 1, '2 corridors');
            INSERT INTO product_copies (inbox_local_id, product_row) VALUES ($local, last_insert_rowid());
            INSERT INTO product_sources (product_row, sender, message_id) SELECT product_row, 'urn:hst:member:FR', $source FROM product_copies WHERE inbox_local_id = $local;
            """,
            ("$id", product.ProductId.ToByteArray()), ("$local", productLocal), ("$produced", NoDate), ("$start", product.PeriodStartMs),
            ("$end", product.PeriodEndMs), ("$source", product.Sources[0].MessageId.ToByteArray()));

        var review = new RetentionReview
        {
            MessageId = ByteString.CopyFrom(HubProducts.NewId()), HeaderSha256 = ByteString.CopyFrom(new byte[32]), RetainUntilMs = NoDate,
            RequestedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(), Holders = 1,
        };
        connection.Execute(
            """
            INSERT INTO retention_reviews (inbox_local_id, message_id, header_hash, retain_until_ms, requested_at_ms, holders)
            VALUES ($local, $message, zeroblob(32), $until, $requested, 1);
            """,
            ("$local", InsertFromHub(connection, review, ++sequence)), ("$message", review.MessageId.ToByteArray()), ("$until", NoDate),
            ("$requested", review.RequestedAtMs));

        var report = new ExpiryReport
        {
            MessageId = ByteString.CopyFrom(HubProducts.NewId()), HeaderSha256 = ByteString.CopyFrom(new byte[32]),
            ExpiryOrderId = ByteString.CopyFrom(HubProducts.NewId()), RetainUntilMs = time.GetUtcNow().ToUnixTimeMilliseconds(), ExpiredAtMs = NoDate,
            Undelivered = { new UndeliveredCopy { Recipient = "urn:hst:member:DE", QueuedAtMs = 1 } },
        };
        connection.Execute(
            """
            INSERT INTO expiry_reports (inbox_local_id, message_id, header_hash, expiry_order_id, retain_until_ms, expired_at_ms)
            VALUES ($local, $message, zeroblob(32), $order, $until, $expired);
            INSERT INTO expiry_report_recipients (report_id, recipient, forwarded_copy, queued_at_ms) VALUES (last_insert_rowid(), 'urn:hst:member:DE', 0, 1);
            """,
            ("$local", InsertFromHub(connection, report, ++sequence)), ("$message", report.MessageId.ToByteArray()),
            ("$order", report.ExpiryOrderId.ToByteArray()), ("$until", report.RetainUntilMs), ("$expired", NoDate));

        var purgedHit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        purgedHit.DetectedAtMs = NoDate;
        var purged = InsertFromHub(connection, purgedHit, ++sequence);
        InsertHit(connection, purgedHit, purged);
        connection.Execute(
            "UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = 1, purge_cause = 'recalled' WHERE local_id = $local;", ("$local", purged));
    }

    private static long InsertFromHub(SqliteConnection connection, IMessage content, int sequence) =>
        (long)connection.Scalar(
            """
            INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type)
            VALUES ('urn:hst:hub:IPSG', $id, $sequence, zeroblob(32), X'E0', $plaintext, 0, 1, $type) RETURNING local_id;
            """,
            ("$id", HubProducts.NewId()), ("$sequence", sequence), ("$plaintext", content.ToByteArray()), ("$type", content.Descriptor.FullName))!;

    /// <summary>The hit's row and its first notification's link, as IntelligenceTransactions wrote them.</summary>
    private static void InsertHit(SqliteConnection connection, HitNotification hit, long local) =>
        connection.Execute(
            """
            INSERT INTO hits (hit_id, inbox_local_id, detected_at_ms, basis, your_message_id, other_sender, other_message_id, other_readable, score, kinds, releasable)
            VALUES ($hit, $local, $detected, 1, $yours, $sender, $other, 0, $score, '1,3', 1);
            INSERT INTO hit_notifications (inbox_local_id, hit_row) VALUES ($local, last_insert_rowid());
            """,
            ("$hit", hit.HitId.ToByteArray()), ("$local", local), ("$detected", hit.DetectedAtMs), ("$yours", hit.YourMessage.MessageId.ToByteArray()),
            ("$sender", hit.OtherMessage.Sender), ("$other", hit.OtherMessage.MessageId.ToByteArray()), ("$score", hit.Score));
}
