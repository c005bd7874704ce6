using System.Text;
using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.V1;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Search;

/// <summary>
/// Search input is data: FTS5 syntax typed by a user is never an operator, and hostile strings in a message
/// (THREATS row 19) are indexed and come back byte-exact in the hits, with the schema untouched.
/// </summary>
public sealed class SearchHostileInputTests
{
    private const string Operator = "operator:fr-ncb-duty";

    public static TheoryData<string> FtsSyntax => new()
    {
        "\"foo\" OR bar* NEAR(",
        "NEAR(foo bar, 2)",
        "foo AND NOT bar",
        "text:foo",
        "{text display}: foo",
        "^foo",
        "- foo",
        "\"",
        "*",
        "(((",
        "foo\" OR \"",
        "'; DROP TABLE entities; --",
        "\0\u202E",
    };

    public static TheoryData<string> Hostile => new()
    {
        "Robert'); DROP TABLE outbox;--",
        "\" OR 1=1 -- ; /* */ %_ \\ $id @x ?1",
        "\u202Egnp.exe\u202C \u200F\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627",
        "nul\0inside\u0001\u001B[31m\r\n\t",
        new string('\u00E9', 1024 * 1024),
    };

    [Theory]
    [MemberData(nameof(FtsSyntax))]
    public async Task SearchAsync_FtsSyntaxInTheText_NoErrorInAnyKind(string typed)
    {
        await using var temp = await NodeStoreSearchTests.WithRealisticAsync();

        foreach (var kind in Enum.GetValues<SearchKind>())
        {
            var hits = await temp.Store.SearchAsync(new EntityQuery(kind, typed), Operator);
            Assert.DoesNotContain(hits, h => h.Path == "persons[0].name");
        }
    }

    [Fact]
    public async Task SearchAsync_OrAndNearTyped_AreWordsThatMustAllMatch()
    {
        await using var temp = TempNodeStore.Create();
        var now = temp.Time.GetUtcNow();
        await temp.Store.EnqueueAsync(Outgoing(1, IndexedMessages.WithPerson(now, "FR-1", IndexedMessages.Named("FOO", "Anna"))));
        await temp.Store.EnqueueAsync(Outgoing(2, IndexedMessages.WithPerson(now, "FR-2", IndexedMessages.Named("BARTON", "Eve"))));
        await temp.Store.EnqueueAsync(Outgoing(3, IndexedMessages.WithPerson(now, "FR-3", IndexedMessages.Named("FOO OR ORLOV", "Barbara Nearing"))));

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "\"foo\" OR bar* NEAR("), Operator);

        // As FTS5 syntax this would find FOO and BARTON; as words it finds only the name holding all four ("or", two letters,
        // as a whole word: FtsQuery.MinPrefixLength).
        Assert.Equal(3, Assert.Single(hits).LocalId);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task SearchAsync_HostileTextInAMessage_IndexedAndReturnedByteExact(string text)
    {
        await using var temp = TempNodeStore.Create();
        var person = IndexedMessages.Named(text, text);
        person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = text, IssuingCountry = "FR" });
        person.Emails.Add(text);
        person.Remarks = text;
        var message = IndexedMessages.WithPerson(temp.Time.GetUtcNow(), text, person);
        message.Organisations.Add(new Organisation { Name = text, Kind = OrganisationKind.Other });
        await temp.Store.EnqueueAsync(Outgoing(1, message));
        Assert.True((await temp.Store.StoreReceivedAsync(Incoming(text, 2, 1, message))).IsNew);

        var typed = text.Length > EntityQuery.MaxTextLength ? text[..EntityQuery.MaxTextLength] : text;
        var names = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, typed), Operator);
        var organisations = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Organisation, typed), Operator);
        var remarks = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Text, typed), Operator);

        Assert.Equal(2, names.Count);
        AssertByteExact($"{text}, {text}", names.Select(h => h.Display));
        AssertByteExact(text, organisations.Select(h => h.Display));
        AssertByteExact(text, remarks.Where(h => h.Path == "persons[0].remarks").Select(h => h.Display));
        Assert.Equal(text, Assert.Single(names, h => h.Box == MessageBox.Inbox).Sender);
        Assert.Equal(text, names[0].CaseReference);
        if (text.Length <= EntityQuery.MaxTextLength)
        {
            AssertByteExact(text, (await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, text), Operator)).Select(h => h.Display));
            AssertByteExact(text, (await temp.Store.SearchAsync(new EntityQuery(SearchKind.Email, text), Operator)).Select(h => h.Display));
        }

        Assert.Equal(5, temp.Count("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('outbox', 'inbox', 'entities', 'entity_text', 'audit');"));
    }

    private static void AssertByteExact(string expected, IEnumerable<string> displays)
    {
        var all = displays.ToList();
        Assert.Equal(2, all.Count);
        Assert.All(all, display => Assert.Equal(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(display)));
    }
}
