using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>The hot reads reuse kept-open connections, and an idle one holds back neither new data nor a checkpoint.</summary>
public sealed class ReadConnectionsTests
{
    [Fact]
    public async Task ReadDeliveriesAsync_OneAfterAnother_ReuseOneConnectionAndSeeEachNewCommit()
    {
        await using var temp = TempStore.Create();

        for (var sequence = 1; sequence <= 20; sequence++)
        {
            var submission = Make(FR, sequence, DE);
            Assert.Null(await temp.Store.FindAcceptedAsync(FR, submission.MessageId));
            await temp.Store.SubmitAsync(submission);
            Assert.Equal(sequence, (await temp.Store.ReadDeliveriesAsync(DE, 0, 100)).Count);
            Assert.Equal(submission.EnvelopeSha256, (await temp.Store.FindAcceptedAsync(FR, submission.MessageId))?.EnvelopeSha256);
        }

        Assert.Equal(1, temp.Store.Database.Readers.Opened);
    }

    [Fact]
    public async Task ReadDeliveriesAsync_StoppedByTheByteBudget_LeavesNoSnapshotThatHoldsBackACheckpoint()
    {
        await using var temp = TempStore.Create();
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            await temp.Store.SubmitAsync(WithBody(Make(FR, sequence, DE), new byte[1000]));
        }

        Assert.Single(await temp.Store.ReadDeliveriesAsync(DE, 0, 10, maxBytes: 1));

        // TRUNCATE waits for every reader to leave the WAL (up to the busy timeout), then reports busy = 0.
        using var connection = temp.Store.Database.OpenWriterConnection();
        using var command = connection.Command("PRAGMA wal_checkpoint(TRUNCATE);");
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, new FileInfo(temp.DatabasePath + "-wal").Length);
    }

    [Fact]
    public async Task ReadDeliveriesAsync_ManyAtOnce_EachReadsItsOwnRows()
    {
        await using var temp = TempStore.Create();
        var recipients = new[] { DE, IT, ES };
        for (var sequence = 1; sequence <= 30; sequence++)
        {
            await temp.Store.SubmitAsync(Make(FR, sequence, recipients[sequence % 3]));
        }

        var reads = Enumerable.Range(0, 60)
            .Select(i => Task.Run(async () => (Recipient: recipients[i % 3], Page: await temp.Store.ReadDeliveriesAsync(recipients[i % 3], 0, 100))))
            .ToArray();

        foreach (var (recipient, page) in await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(10, page.Count);
            Assert.All(page, delivery => Assert.Equal(recipient, recipients[delivery.HubSequence % 3]));
        }
    }

    [Fact]
    public async Task Close_ClosesTheConnectionInUseWhenItsReadEnds_AndKeepsNoneAfterwards()
    {
        await using var temp = TempStore.Create();
        var readers = temp.Store.Database.Readers;
        Assert.Equal(1L, readers.Use(connection => (long)connection.Scalar("SELECT 1;")!));

        // The store closes while a read runs: that read's connection must not go back to the idle set.
        readers.Use(_ =>
        {
            readers.Close();
            return 0;
        });
        var opened = readers.Opened;
        readers.Use(connection => connection.Scalar("SELECT 1;"));
        readers.Use(connection => connection.Scalar("SELECT 1;"));

        Assert.Equal(opened + 2, readers.Opened);
    }
}
