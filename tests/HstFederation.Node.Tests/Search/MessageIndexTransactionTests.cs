using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Data.Sqlite;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Search;

/// <summary>The index is written in the transaction that stores the message: never without it, never twice.</summary>
public sealed class MessageIndexTransactionTests
{
    [Fact]
    public async Task EnqueueAsync_SameIdAgain_FailsAndIndexesNothingMore()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        await temp.Store.EnqueueAsync(Outgoing(1, message));
        var entities = temp.Count("SELECT COUNT(*) FROM entities;");

        await Assert.ThrowsAsync<SqliteException>(() => temp.Store.EnqueueAsync(Outgoing(1, message)));

        Assert.True(entities > 40, $"only {entities} entries for the realistic report");
        Assert.Equal(entities, temp.Count("SELECT COUNT(*) FROM entities;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM message_summaries;"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM message_crime_types;"));
    }

    [Fact]
    public async Task EnqueueParsedAsync_FromTheMessageItsPlaintextSerializes_IndexesExactlyAsEnqueueAsync()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        var fromPlaintext = await temp.Store.EnqueueAsync(Outgoing(1, message));
        var fromMessage = await temp.Store.EnqueueParsedAsync(Outgoing(2, message), message);

        Assert.True(temp.Count("SELECT COUNT(*) FROM entities;") > 80);
        Assert.Equal(IndexRows(temp, fromPlaintext.LocalId), IndexRows(temp, fromMessage.LocalId));
        Assert.Equal(2, (await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "diallo mamadou"), "operator:alice")).Count);
    }

    [Fact]
    public async Task StoreReceivedAsync_Repeat_IndexedOnce()
    {
        await using var temp = TempNodeStore.Create();
        var delivery = Incoming(IT, 1, 1, SampleMessages.Realistic(temp.Time.GetUtcNow()));
        Assert.True((await temp.Store.StoreReceivedAsync(delivery)).IsNew);
        var entities = temp.Count("SELECT COUNT(*) FROM entities;");

        Assert.Equal(ReceiveOutcome.Repeat, (await temp.Store.StoreReceivedAsync(delivery, cursor: 3)).Outcome);

        Assert.Equal(entities, temp.Count("SELECT COUNT(*) FROM entities;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM message_summaries WHERE box = 'inbox';"));
        Assert.Equal(2, (await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "diallo mamadou"), "operator:alice")).Count
            + (await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "hassan karim"), "operator:alice")).Count);
    }

    [Fact]
    public async Task StoreReceivedAsync_ManyAtOnce_EveryMessageIndexedWithItsOwnPhone()
    {
        await using var temp = TempNodeStore.Create();
        var now = temp.Time.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(1, 40).Select(n => Task.Run(() =>
        {
            var person = IndexedMessages.Named("CALLER" + n);
            person.Phones.Add($"+33 6 12 34 {n:D2} 00");
            return temp.Store.StoreReceivedAsync(Incoming(FR, n, n, IndexedMessages.WithPerson(now, $"FR-{n}", person)));
        })));

        for (var n = 1; n <= 40; n++)
        {
            var hit = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Phone, $"06 12 34 {n:D2} 00") { PhoneRegion = "FR" }, "operator:alice"));
            Assert.Equal(Id(n), hit.MessageId);
        }
    }

    [Fact]
    public async Task EnqueueAsync_DiskFull_NeitherMessageNorIndexStored()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        message.Persons[0].Remarks = new string('r', 256 * 1024);
        await temp.Store.SetMaxPageCountAsync(1);

        await Assert.ThrowsAsync<NodeStoreUnavailableException>(() => temp.Store.EnqueueAsync(Outgoing(1, message)));
        await Assert.ThrowsAsync<NodeStoreUnavailableException>(() => temp.Store.StoreReceivedAsync(Incoming(IT, 2, 1, message)));

        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM outbox;") + temp.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM entities;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM message_summaries;"));
        Assert.Empty(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "LY7731902"), "operator:alice"));
    }

    [Fact]
    public async Task EnqueueAsync_PlaintextNotAnHstMessage_StoredWithAnEmptySummary()
    {
        await using var temp = TempNodeStore.Create();

        await temp.Store.EnqueueAsync(Outgoing(1));

        var item = Assert.Single((await temp.Store.ListOutboxAsync(new OutboxQuery())).Items);
        Assert.False(item.Summary.Parsed);
        Assert.Null(item.Summary.Handling);
        Assert.Empty(item.Summary.CrimeTypes);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM entities;"));
        Assert.Empty((await temp.Store.ListOutboxAsync(new OutboxQuery { Content = new ContentFilter { HandlingCodes = [HandlingCode.H0, HandlingCode.H1, HandlingCode.H2, HandlingCode.H3] } })).Items);
    }

    /// <summary>Every index row of one outbox message, without its local id (summary, crime types, entities and their text).</summary>
    private static List<string> IndexRows(TempNodeStore temp, long localId)
    {
        using var connection = new SqliteConnection($"Data Source={temp.Store.Database.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var rows = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT parsed, handling_code, case_reference, case_title FROM message_summaries WHERE box = 'outbox' AND local_id = $local;",
            "SELECT crime_type FROM message_crime_types WHERE box = 'outbox' AND local_id = $local ORDER BY crime_type;",
            """
            SELECT e.kind, e.value, e.display, e.qualifier, e.path, t.text FROM entities e LEFT JOIN entity_text t ON t.rowid = e.id
            WHERE e.box = 'outbox' AND e.local_id = $local ORDER BY e.id;
            """,
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$local", localId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(string.Join("|", values));
            }
        }

        return rows;
    }
}
