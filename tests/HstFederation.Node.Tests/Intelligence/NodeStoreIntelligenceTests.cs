using Google.Protobuf;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
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
