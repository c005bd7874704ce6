using HstFederation.Node.Audit;
using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Search;

/// <summary>Every search is in the node's hash-chained audit: who searched, for what kind, what text, how many hits.</summary>
public sealed class SearchAuditTests
{
    [Fact]
    public async Task SearchAsync_EachSearch_OneChainedAuditEntryWithActorKindAndText()
    {
        await using var temp = await NodeStoreSearchTests.WithRealisticAsync();
        var before = temp.Count("SELECT COUNT(*) FROM audit;");

        await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "ly 773 1902"), "operator:alice");
        await temp.Store.SearchAsync(new EntityQuery(SearchKind.Phone, "351 204 8817") { PhoneRegion = "IT", Box = MessageBox.Inbox }, "agency:border-police");
        await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "nobody at all"), "operator:alice");

        var entries = SearchEntries(temp);
        Assert.Equal(before + 3, temp.Count("SELECT COUNT(*) FROM audit;"));
        Assert.Equal(
            [
                ("operator:alice", "kind=document hits=2 text=ly 773 1902"),
                ("agency:border-police", "kind=phone box=inbox region=IT hits=1 text=351 204 8817"),
                ("operator:alice", "kind=name hits=0 text=nobody at all"),
            ],
            entries);
        var verdict = NodeAudit.Verify(temp.DatabasePath);
        Assert.True(verdict.IsIntact, verdict.Detail);
        Assert.Equal(before + 3, verdict.Count);
    }

    [Fact]
    public async Task SearchAsync_HostileText_AuditedWholeAndChainVerifies()
    {
        await using var temp = await NodeStoreSearchTests.WithRealisticAsync();
        const string typed = "x hits=99 text=\u202Eevil\r\n\0\"foo\" OR bar* NEAR(";

        await temp.Store.SearchAsync(new EntityQuery(SearchKind.Any, typed), "operator:mallory");

        var (actor, detail) = Assert.Single(SearchEntries(temp));
        Assert.Equal("operator:mallory", actor);
        Assert.Equal("kind=any hits=0 text=" + typed, detail);
        Assert.True(NodeAudit.Verify(temp.Store.Database).IsIntact);
    }

    [Fact]
    public async Task SearchAsync_AuditCannotBeWritten_FailsWithoutHits()
    {
        await using var temp = await NodeStoreSearchTests.WithRealisticAsync();
        var audited = temp.Count("SELECT COUNT(*) FROM audit;");
        using (var connection = temp.Raw())
        {
            connection.Execute("CREATE TRIGGER refuse_search BEFORE INSERT ON audit WHEN NEW.action = 'search' BEGIN SELECT RAISE(ABORT, 'no'); END;");
        }

        await Assert.ThrowsAsync<SqliteException>(
            () => temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "LY7731902"), "operator:alice"));

        Assert.Equal(audited, temp.Count("SELECT COUNT(*) FROM audit;"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task SearchAsync_EmptyText_RefusedAndNotAudited(string typed)
    {
        await using var temp = await NodeStoreSearchTests.WithRealisticAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, typed), "operator:alice"));
        await Assert.ThrowsAsync<ArgumentException>(
            () => temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, new string('a', EntityQuery.MaxTextLength + 1)), "operator:alice"));

        Assert.Empty(SearchEntries(temp));
    }

    private static List<(string Actor, string Detail)> SearchEntries(Storage.TempNodeStore temp)
    {
        using var connection = temp.Raw();
        using var command = connection.Command("SELECT actor, detail FROM audit WHERE action = 'search' ORDER BY seq;");
        using var reader = command.ExecuteReader();
        var entries = new List<(string, string)>();
        while (reader.Read())
        {
            entries.Add((reader.GetString(0), reader.GetString(1)));
        }

        return entries;
    }
}
