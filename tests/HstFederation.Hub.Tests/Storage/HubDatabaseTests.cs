using Google.Protobuf;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>THREATS rows 13, 25, 26: the file survives restarts; migrations run once; pragmas as designed.</summary>
public sealed class HubDatabaseTests
{
    [Fact]
    public async Task Open_NewFile_UsesWalAndFullSyncAndForeignKeysOnTheWriter()
    {
        await using var temp = TempStore.Create();

        using var writer = temp.Store.Database.OpenWriterConnection();

        Assert.Equal("wal", writer.Scalar("PRAGMA journal_mode;"));
        Assert.Equal(2L, writer.Scalar("PRAGMA synchronous;")); // FULL
        Assert.Equal(1L, writer.Scalar("PRAGMA foreign_keys;"));
        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
    }

    [Fact]
    public async Task ReadConnection_CannotWrite()
    {
        await using var temp = TempStore.Create();

        using var reader = temp.Store.Database.OpenReadConnection();

        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => reader.Execute("DELETE FROM messages;"));
    }

    [Fact]
    public async Task Reopen_SameFile_EverythingIsStillThereAndMigrationsRanOnce()
    {
        await using var temp = TempStore.Create();
        var submission = Make(FR, 1, DE, IT);
        var accepted = await temp.Store.SubmitAsync(submission);
        var forDe = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0];
        await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(forDe.Cursor, DeliveryReceipt("DE"))]);
        await temp.Store.UpsertMemberAsync(FR, MemberStatus.Active, [1], [2], "operator");

        await temp.ReopenAsync();
        var reopened = await temp.ReopenAsync();

        Assert.Equal((long)SchemaMigrations.LatestVersion, temp.Count("SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(submission.Envelope, (await reopened.ReadDeliveriesAsync(IT, 0, 10))[0].Payload);
        Assert.Equal(DeliveryReceipt("DE"), Assert.Single((await reopened.ReadDeliveriesAsync(FR, 0, 10))[0].ToDelivery().DeliveryReceiptBatch.Receipts).ToByteArray());
        Assert.NotNull(await reopened.GetMemberAsync(FR));
        var again = await reopened.SubmitAsync(submission);
        Assert.Equal(AcceptStatus.Duplicate, again.Status);
        Assert.Equal(accepted.Receipt, again.Receipt);
        var next = await reopened.SubmitAsync(Make(FR, 2, DE));
        Assert.Equal(accepted.HubSequence + 1, next.HubSequence);
        Assert.True(HubAudit.Verify(reopened.Database).IsIntact);
    }

    [Fact]
    public async Task Open_DatabaseFromANewerHub_IsRefused()
    {
        await using var temp = TempStore.Create();
        await temp.Store.DisposeAsync();
        using (var connection = HubDatabase.Open(temp.DatabasePath, temp.Time).OpenWriterConnection())
        {
            connection.Execute("INSERT INTO schema_version (version, applied_at_ms) VALUES (999, 0);");
        }

        var refused = Assert.Throws<DatabaseFileException>(() => HubDatabase.Open(temp.DatabasePath, temp.Time));

        Assert.Contains("999", refused.Message, StringComparison.Ordinal);
    }
}
