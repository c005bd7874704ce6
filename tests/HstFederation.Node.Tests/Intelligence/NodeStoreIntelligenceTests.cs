using Google.Protobuf;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using HstFederation.Testing.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>Hits and products in the node's store (migration 7) on a real SQLite file.</summary>
public sealed class NodeStoreIntelligenceTests
{
    private static readonly PartyId Fr = PartyId.Member("FR");

    [Fact]
    public async Task StoreHit_ASecondNotificationWithAHeldHitId_IsKeptInTheInbox_ButAddsNoHit_AndIsAudited()
    {
        await using var temp = TempNodeStore.Create();
        var notification = HubProducts.Hit("FR", HubProducts.NewId(), "DE");

        var first = await temp.Store.StoreHitAsync(FromHub(notification, 1), Checked(notification), cursor: 1);
        var again = await temp.Store.StoreHitAsync(FromHub(notification, 2), Checked(notification), cursor: 2);

        Assert.True(first.IsNew);
        Assert.True(again.IsNew);
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HitNotification';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM hits;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'hit' AND detail LIKE '%repeated: the hit is already held';"));
        Assert.Equal(2, temp.Count("SELECT cursor FROM hub_cursor;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM message_summaries;"));
    }

    [Fact]
    public async Task StoreHit_TheSameDeliveryAgain_IsARepeat_WithTheFirstReceiveTime()
    {
        await using var temp = TempNodeStore.Create();
        var notification = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        var item = FromHub(notification, 1);

        var first = await temp.Store.StoreHitAsync(item, Checked(notification));
        temp.Time.Advance(TimeSpan.FromMinutes(5));
        var repeat = await temp.Store.StoreHitAsync(item, Checked(notification));

        Assert.Equal(ReceiveOutcome.Repeat, repeat.Outcome);
        Assert.Equal(first.ReceivedAtMs, repeat.ReceivedAtMs);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'hit';"));
    }

    [Fact]
    public async Task Reopen_AfterTheIndexWasDropped_RebuildsItForMessagesOnly_NeverForWhatTheHubSent()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        await temp.Store.StoreReceivedAsync(new ReceivedEnvelope("urn:hst:member:DE", HubProducts.NewId(), 1, new byte[32], [1], message.ToByteArray(), 0));
        var product = HubProducts.Corridors("FR");
        await temp.Store.StoreProductAsync(FromHub(product, 1), Checked(product));
        using (var raw = temp.Raw())
        {
            raw.Execute("DELETE FROM message_summaries; DELETE FROM message_crime_types; DELETE FROM entities;");
        }

        var store = await temp.ReopenAsync();

        Assert.Equal(1, store.Database.IndexedAtOpen);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM message_summaries;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM products;"));
    }

    [Fact]
    public async Task RecordRelease_KeepsTheOutcomeOnTheHit_WithItsAuditEntry_AndAgainReplacesIt()
    {
        await using var temp = TempNodeStore.Create();
        var notification = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        await temp.Store.StoreHitAsync(FromHub(notification, 1), Checked(notification));
        var hit = Assert.Single((await temp.Store.ListHitsAsync(null, 10)).Items);

        Assert.True(await temp.Store.RecordReleaseAsync(hit.Id, hit.YourMessageId,
            new HitRelease(ReleaseState.Refused, null, "operator:test", null, "ConsentInvalid", "the consent is for another message"), "outcome=refused"));
        var refused = Assert.Single(await temp.Store.FindHitsAsync(IntelligenceIds.Short(hit.HitId))).Release;
        temp.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await temp.Store.RecordReleaseAsync(hit.Id, hit.YourMessageId,
            new HitRelease(ReleaseState.Released, null, "agency:police", "urn:hst:member:DE", null, null), "outcome=released"));
        var released = Assert.Single(await temp.Store.FindHitsAsync(IntelligenceIds.Format(hit.HitId))).Release;

        Assert.Equal((ReleaseState.Refused, "ConsentInvalid", "operator:test"), (refused.State, refused.Reason, refused.Actor));
        Assert.Equal((ReleaseState.Released, "urn:hst:member:DE", "agency:police", (string?)null), (released.State, released.ReleasedTo, released.Actor, released.Reason));
        Assert.Equal(temp.Time.GetUtcNow().ToUnixTimeMilliseconds(), released.AtMs);
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'release';"));
        Assert.False(await temp.Store.RecordReleaseAsync(999, hit.YourMessageId,
            new HitRelease(ReleaseState.Released, null, "operator:test", "urn:hst:member:DE", null, null), "outcome=released"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'release';"));
    }

    [Fact]
    public async Task FindHits_ByTheEndOfTheId_FindsOne_SeveralWhenAmbiguous_NoneForAnotherEnd()
    {
        await using var temp = TempNodeStore.Create();
        var a = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        var b = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        a.HitId = ByteString.CopyFrom(Convert.FromHexString("0000000000000000000000001234abcd"));
        b.HitId = ByteString.CopyFrom(Convert.FromHexString("0000000000000000000000ff1234abcd"));
        await temp.Store.StoreHitAsync(FromHub(a, 1), Checked(a));
        await temp.Store.StoreHitAsync(FromHub(b, 2), Checked(b));

        Assert.Equal(2, (await temp.Store.FindHitsAsync("1234abcd")).Count);
        Assert.Equal(b.HitId, Assert.Single(await temp.Store.FindHitsAsync("ff1234abcd")).Notification.HitId);
        Assert.Equal(a.HitId, Assert.Single(await temp.Store.FindHitsAsync(IntelligenceIds.Selector("00000000-0000-0000-0000-00001234ABCD")!)).Notification.HitId);
        Assert.Empty(await temp.Store.FindHitsAsync("99999999"));
    }

    [Fact]
    public async Task Open_Version6Database_KeepsItsInboxAsHstMessages_AndItsAgenciesWithoutTheReleaseRight()
    {
        await using var temp = TempNodeStore.Create(SeedVersion6);

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        var entry = Assert.Single(await temp.Store.InboxAfterAsync(0, 10));
        Assert.True(entry.Message.IsHstMessage);
        var agency = Assert.Single(await temp.Store.ListAgenciesAsync());
        Assert.True(agency.Scope.MaySubmit);
        Assert.False(agency.Scope.MayRelease);
    }

    /// <summary>
    /// A file a node before PurgedHits left: a hit kept whole although the tombstone says its other message was recalled
    /// here. At open the notification is emptied with the tombstone's cause; a hit on a message still held stays whole.
    /// </summary>
    [Fact]
    public async Task Open_AHitWhoseMessageATombstoneSaysWasPurged_EmptiesItsNotification_WithTheCause()
    {
        await using var temp = TempNodeStore.Create();
        var recalled = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        var kept = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        await temp.Store.StoreHitAsync(FromHub(recalled, 1), Checked(recalled));
        await temp.Store.StoreHitAsync(FromHub(kept, 2), Checked(kept));
        using (var raw = temp.Raw())
        {
            raw.Execute(
                """
                INSERT INTO tombstones (sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms)
                VALUES ($sender, $id, zeroblob(32), NULL, NULL, 'recalled', NULL, NULL, 1, 0);
                """,
                ("$sender", recalled.OtherMessage.Sender), ("$id", recalled.OtherMessage.MessageId.ToByteArray()));
        }

        await temp.ReopenAsync();

        var hits = (await temp.Store.ListHitsAsync(null, 10)).Items;
        var withdrawn = hits.Single(h => h.HitId.AsSpan().SequenceEqual(recalled.HitId.Span));
        Assert.Equal("recalled", withdrawn.Withdrawn?.Cause);
        Assert.Empty(withdrawn.Notification.Matches);
        Assert.Equal(recalled.OtherMessage, withdrawn.Notification.OtherMessage);
        Assert.Equal([MatchKind.Person, MatchKind.Phone], withdrawn.Kinds);
        Assert.Equal(kept, hits.Single(h => h.Withdrawn is null).Notification);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail LIKE 'hit notifications=1 %';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox WHERE length(plaintext) = 0;"));
    }

    /// <summary>
    /// A file a node at schema version 13 left: products whose sources it recorded nowhere, one built from a message a
    /// tombstone says was recalled here, one from this NCB's own message whose recall the hub accepted, one from a message
    /// still held; and a hit held twice (a repeated notification) whose other message was recalled, beside another hit held
    /// twice that nothing touched. At open: the sources recorded, the two products purged (gone from the file and WAL), the
    /// repeated notifications linked and both rows of the withdrawn hit emptied; a second open writes nothing.
    /// </summary>
    [Fact]
    public async Task Open_Version13Database_RecordsProductSourcesAndLinksRepeatedNotifications_AndPurgesWhatATombstoneOrARecallSaysWent()
    {
        var recalled = HubProducts.NewId();
        var ownRecalled = HubProducts.NewId();
        var byTombstone = Product(PartyId.Member("DE"), recalled, "Kufra smuggling ring");
        var byOwnRecall = Product(Fr, ownRecalled, "Agadez transit house");
        var kept = Product(PartyId.Member("DE"), HubProducts.NewId(), "Sabratha boat yard");
        var withdrawnHit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        withdrawnHit.OtherMessage.MessageId = ByteString.CopyFrom(recalled);
        var keptHit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");

        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            connection.Execute("PRAGMA journal_mode = WAL;");
            Assert.Equal(13, SchemaMigrations.Apply(connection, time, 13));
            var sequence = 0;
            foreach (var product in new[] { byTombstone, byOwnRecall, kept })
            {
                var local = Version13File.InsertFromHub(connection, product, ++sequence);
                connection.Execute(
                    """
                    INSERT INTO products (product_id, inbox_local_id, kind, produced_at_ms, period_start_ms, period_end_ms, sources, description)
                    VALUES ($id, $local, 2, 1, 1, 2, 1, '3 nodes, 3 edges');
                    """,
                    ("$id", product.ProductId.ToByteArray()), ("$local", local));
            }

            foreach (var hit in new[] { withdrawnHit, keptHit })
            {
                var first = Version13File.InsertFromHub(connection, hit, ++sequence);
                Version13File.InsertFromHub(connection, hit, ++sequence);
                connection.Execute(
                    """
                    INSERT INTO hits (hit_id, inbox_local_id, detected_at_ms, basis, your_message_id, other_sender, other_message_id, other_readable, score, kinds, releasable)
                    VALUES ($hit, $local, 1, 1, $yours, $sender, $other, 0, 0.9, '1,5', 1);
                    """,
                    ("$hit", hit.HitId.ToByteArray()), ("$local", first), ("$yours", hit.YourMessage.MessageId.ToByteArray()),
                    ("$sender", hit.OtherMessage.Sender), ("$other", hit.OtherMessage.MessageId.ToByteArray()));
            }

            connection.Execute(
                """
                INSERT INTO tombstones (sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms)
                VALUES ('urn:hst:member:DE', $recalled, zeroblob(32), NULL, NULL, 'recalled', NULL, NULL, 2, 1);
                INSERT INTO outbox (message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms, receipt, hub_sequence)
                VALUES ($own, 1, 'operator:test', X'00', NULL, 1, 2, 1, X'01', 7);
                INSERT INTO lifecycle_orders_issued (order_id, outbox_local_id, message_id, action, actor, order_statement, state, receipt, created_at_ms, state_at_ms)
                VALUES ($order, last_insert_rowid(), $own, 'recall', 'operator:test', X'01', 2, X'01', 1, 2);
                """,
                ("$recalled", recalled), ("$own", ownRecalled), ("$order", HubProducts.NewId()));
        });

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(3, temp.Count("SELECT COUNT(*) FROM product_copies;"));
        Assert.Equal(3, temp.Count("SELECT COUNT(*) FROM product_sources;"));
        Assert.Equal(4, temp.Count("SELECT COUNT(*) FROM hit_notifications;"));
        Assert.Equal(["recalled", "recalled", null], new[] { byTombstone, byOwnRecall, kept }.Select(p => PurgeCause(temp, p.ProductId)));
        Assert.Equal(2, temp.Count(NotificationsOf(withdrawnHit) + " AND i.purge_cause = 'recalled' AND length(i.plaintext) = 0;"));
        Assert.Equal(2, temp.Count(NotificationsOf(keptHit) + " AND i.purged_at_ms IS NULL;"));
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Kufra smuggling ring"));
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Agadez transit house"));
        Assert.True(DatabaseFiles.Contain(temp.DatabasePath, "Sabratha boat yard"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail LIKE 'products=2 %';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail LIKE 'hit notifications=2 %';"));
        var purged = Assert.Single(await temp.Store.FindAllProductsAsync(IntelligenceIds.Format(byTombstone.ProductId.ToByteArray())));
        Assert.Equal("recalled", purged.Purged?.Cause);
        Assert.Empty(await temp.Store.FindProductsAsync(IntelligenceIds.Format(byTombstone.ProductId.ToByteArray())));

        var audited = temp.Count("SELECT COUNT(*) FROM audit;");
        await temp.ReopenAsync();
        Assert.Equal(audited, temp.Count("SELECT COUNT(*) FROM audit;"));
    }

    /// <summary>
    /// A version-13 file holding, beside a product built from a recalled message and one still held, a product that no longer
    /// passes today's check (its kind and report disagree), one whose plaintext no longer parses, and a repeated hit
    /// notification that no longer parses. The node opens: the good products are recorded (the recalled one purged), the
    /// three others are left as stored, unrecorded, and audited by local id and reason; the agency-facing reads never serve
    /// the unrecorded product, which the operator's list still shows.
    /// </summary>
    [Fact]
    public async Task Open_Version13Database_WithUnreadableProductsAndNotifications_Opens_RecordsTheRest_AndServesNoUnrecordedProduct()
    {
        var recalled = HubProducts.NewId();
        var byTombstone = Product(PartyId.Member("DE"), recalled, "Kufra smuggling ring");
        var kept = Product(PartyId.Member("DE"), HubProducts.NewId(), "Sabratha boat yard");
        var failsCheck = Product(PartyId.Member("DE"), HubProducts.NewId(), "Ghat fuel depot");
        failsCheck.Kind = ProductKind.Corridor;
        var unparseable = HubProducts.NewId();
        long failsCheckRow = 0, unparseableRow = 0, notificationRow = 0;

        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = Version13File.Create(path, time);
            Version13File.InsertProductRow(connection, byTombstone.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, byTombstone, 1));
            failsCheckRow = Version13File.InsertFromHub(connection, failsCheck, 2);
            Version13File.InsertProductRow(connection, failsCheck.ProductId.ToByteArray(), failsCheckRow);
            unparseableRow = Version13File.InsertRaw(connection, [0xFF, 0xFF, 0xFF], AnalyticalProduct.Descriptor.FullName, 3);
            Version13File.InsertProductRow(connection, unparseable, unparseableRow);
            Version13File.InsertProductRow(connection, kept.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, kept, 4));
            notificationRow = Version13File.InsertRaw(connection, [0xFF, 0xFF, 0xFF], HitNotification.Descriptor.FullName, 5);
            InsertTombstone(connection, recalled);
        });

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(3, temp.Store.Database.UnrecordedAtOpen);
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM product_copies;"));
        Assert.Equal(["recalled", null, null], new[] { byTombstone, kept, failsCheck }.Select(p => PurgeCause(temp, p.ProductId)));
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Kufra smuggling ring"));
        Assert.True(DatabaseFiles.Contain(temp.DatabasePath, "Ghat fuel depot"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = 'unrecorded' AND detail = 'product inbox={failsCheckRow} reason=check-failed';"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = 'unrecorded' AND detail = 'product inbox={unparseableRow} reason=unparseable';"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = 'unrecorded' AND detail = 'hit notification inbox={notificationRow} reason=unparseable';"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM audit WHERE detail LIKE '%Ghat%';"));

        var served = (await temp.Store.ListProductsAsync(null, 10)).Items.Select(p => IntelligenceIds.Format(p.ProductId));
        Assert.Equal([IntelligenceIds.Format(kept.ProductId.ToByteArray())], served);
        Assert.Empty(await temp.Store.FindProductsAsync(IntelligenceIds.Format(failsCheck.ProductId.ToByteArray())));
        Assert.Empty(await temp.Store.FindProductsAsync(IntelligenceIds.Format(unparseable)));
        var operatorView = (await temp.Store.ListAllProductsAsync(null, 10)).Items;
        Assert.Equal(4, operatorView.Count);
        Assert.Null(operatorView.Single(p => p.ProductId.AsSpan().SequenceEqual(failsCheck.ProductId.Span)).Purged);

        await temp.ReopenAsync();
        Assert.Equal(3, temp.Store.Database.UnrecordedAtOpen);
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM product_copies;"));
    }

    /// <summary>
    /// More unrecorded products than one page of the open-time catch-up, one of them unreadable in the middle of the first
    /// page: every other one is recorded and the one whose source was recalled, on the last page, purged.
    /// </summary>
    [Fact]
    public async Task Open_Version13Database_MoreProductsThanAPage_RecordsEveryReadableOne()
    {
        var recalled = HubProducts.NewId();
        var last = Product(PartyId.Member("DE"), recalled, "Kufra smuggling ring");
        const int Readable = (2 * PurgedProducts.PageSize) + 1;

        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = Version13File.Create(path, time);
            for (var sequence = 1; sequence < Readable; sequence++)
            {
                var product = Product(PartyId.Member("DE"), HubProducts.NewId(), "Sabratha boat yard");
                Version13File.InsertProductRow(connection, product.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, product, sequence));
                if (sequence == PurgedProducts.PageSize / 2)
                {
                    Version13File.InsertProductRow(connection, HubProducts.NewId(), Version13File.InsertRaw(connection, [0xFF], AnalyticalProduct.Descriptor.FullName, 10_000));
                }
            }

            Version13File.InsertProductRow(connection, last.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, last, Readable));
            InsertTombstone(connection, recalled);
        });

        Assert.Equal(1, temp.Store.Database.UnrecordedAtOpen);
        Assert.Equal(Readable, temp.Count("SELECT COUNT(*) FROM product_copies;"));
        Assert.Equal("recalled", PurgeCause(temp, last.ProductId));
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Kufra smuggling ring"));
    }

    /// <summary>
    /// A product delivered twice (a fault at the hub) is two inbox rows of one product, both recorded; one arriving after
    /// a tombstone names its source (here DE's recall of a message this node never stored) is purged on arrival with the
    /// copies of the same product already held.
    /// </summary>
    [Fact]
    public async Task StoreProduct_RepeatedOrAfterItsSourceWasTombstoned_IsPurgedOnArrival_WithEveryCopy()
    {
        await using var temp = TempNodeStore.Create();
        var source = HubProducts.NewId();
        var product = Product(PartyId.Member("DE"), source, "Kufra smuggling ring");
        await temp.Store.StoreProductAsync(FromHub(product, 1), Checked(product));
        using (var raw = temp.Raw())
        {
            raw.Execute(
                """
                INSERT INTO tombstones (sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms)
                VALUES ('urn:hst:member:DE', $id, zeroblob(32), NULL, NULL, 'recalled', NULL, NULL, 2, 1);
                """,
                ("$id", source));
        }

        await temp.Store.StoreProductAsync(FromHub(product, 2), Checked(product));

        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM product_copies;"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM inbox WHERE purge_cause = 'recalled' AND length(plaintext) = 0 AND length(envelope) = 0;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail = 'products=2 cause=recalled on arrival';"));
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Kufra smuggling ring"));
    }

    private static AnalyticalProduct Product(PartyId sender, byte[] source, string label)
    {
        var product = HubProducts.Network("FR", label);
        product.Sources.Clear();
        product.Sources.Add(new MessageReference { Sender = sender.Uri, MessageId = ByteString.CopyFrom(source) });
        return product;
    }

    /// <summary>DE's recall of <paramref name="messageId"/>, a message this node never stored, as its tombstone says.</summary>
    private static void InsertTombstone(SqliteConnection connection, byte[] messageId) =>
        connection.Execute(
            """
            INSERT INTO tombstones (sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms)
            VALUES ('urn:hst:member:DE', $id, zeroblob(32), NULL, NULL, 'recalled', NULL, NULL, 2, 1);
            """,
            ("$id", messageId));

    private static string NotificationsOf(HitNotification hit) =>
        "SELECT COUNT(*) FROM hit_notifications n JOIN hits h ON h.id = n.hit_row JOIN inbox i ON i.local_id = n.inbox_local_id " +
        $"WHERE h.hit_id = X'{Convert.ToHexString(hit.HitId.Span)}'";

    private static string? PurgeCause(TempNodeStore temp, ByteString productId)
    {
        using var connection = temp.Store.Database.OpenReadConnection();
        return connection.Scalar(
            "SELECT i.purge_cause FROM products p JOIN inbox i ON i.local_id = p.inbox_local_id WHERE p.product_id = $id;",
            ("$id", productId.ToByteArray())) as string;
    }

    private static ReceivedEnvelope FromHub(IMessage content, long sequence) =>
        new(PartyId.Hub.Uri, HubProducts.NewId(), sequence, HubProducts.NewId().Concat(HubProducts.NewId()).ToArray(), [1, 2, 3], content.ToByteArray(), 0)
        {
            ContentType = content.Descriptor.FullName,
            RecipientSequence = sequence,
        };

    private static ReceivedHit Checked(HitNotification notification)
    {
        var (hit, problem) = HubContentCheck.Hit(notification, Fr);
        Assert.Null(problem);
        return hit!;
    }

    private static ReceivedProduct Checked(AnalyticalProduct product)
    {
        var (received, problem) = HubContentCheck.Product(product, Fr);
        Assert.Null(problem);
        return received!;
    }

    private static void SeedVersion6(string path, FakeTimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(6, SchemaMigrations.Apply(connection, time, 6));
        connection.Execute(
            """
            INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms)
            VALUES ('urn:hst:member:DE', $id, 1, zeroblob(32), X'01', $plaintext, 0, $now);
            INSERT INTO agencies (agency_id, display_name, certificate_identity, may_submit, created_at_ms, updated_at_ms)
            VALUES ('police', 'Police', 'urn:hst:agency:FR:police', 1, $now, $now);
            """,
            ("$id", HubProducts.NewId()), ("$plaintext", SampleMessages.Minimal(time.GetUtcNow()).ToByteArray()), ("$now", now));
    }
}
