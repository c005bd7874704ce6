using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Search;

/// <summary>
/// Search on a real store: the realistic report queued in the outbox (local id 1) and received in the
/// inbox from IT, plus messages made for one case each. Queries are written the way people write them.
/// </summary>
public sealed class NodeStoreSearchTests
{
    private const string Operator = "operator:fr-ncb-duty";

    [Theory]
    [InlineData("LY7731902")]
    [InlineData("ly 773 1902")]
    [InlineData("LY-773-1902")]
    [InlineData("ly.773/1902")]
    public async Task SearchAsync_DocumentWithAnySeparatorsOrCase_FindsThePassport(string typed)
    {
        await using var temp = await WithRealisticAsync();

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, typed), Operator);

        Assert.Equal(2, hits.Count);
        Assert.All(hits, hit =>
        {
            Assert.Equal("persons[0].documents[0].number", hit.Path);
            Assert.Equal("LY7731902", hit.Display);
            Assert.Equal("PASSPORT LY", hit.Qualifier);
        });
        Assert.Equal([MessageBox.Outbox, MessageBox.Inbox], hits.Select(h => h.Box).Order());
    }

    [Fact]
    public async Task SearchAsync_DocumentWrittenWithSpaces_FoundWithout()
    {
        await using var temp = await WithRealisticAsync();

        var hit = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "ab031927") { Box = MessageBox.Outbox }, Operator));

        Assert.Equal("AB 031927", hit.Display);
        Assert.Equal("persons[1].documents[1].number", hit.Path);
    }

    [Fact]
    public async Task SearchAsync_Hit_CarriesMessageSenderAddresseesCaseAndHandling()
    {
        await using var temp = await WithRealisticAsync();
        var now = temp.Time.GetUtcNow();

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Email, "zuwara.travel@example.com"), Operator);

        var outbox = Assert.Single(hits, h => h.Box == MessageBox.Outbox);
        var inbox = Assert.Single(hits, h => h.Box == MessageBox.Inbox);
        Assert.Equal(Id(1), outbox.MessageId);
        Assert.Equal(1, outbox.LocalId);
        Assert.Null(outbox.Sender);
        Assert.Equal([DE, IT], outbox.Addressees);
        Assert.Equal(Id(2), inbox.MessageId);
        Assert.Equal(IT, inbox.Sender);
        Assert.Empty(inbox.Addressees);
        Assert.All(hits, hit =>
        {
            Assert.Equal(SearchKind.Email, hit.Kind);
            Assert.Equal($"FR-OCRIEST-{now.Year}-0412", hit.CaseReference);
            Assert.Equal("Al-Salhi network: migrant smuggling Libya – Italy – France", hit.CaseTitle);
            Assert.Equal(HandlingCode.H2, hit.Handling);
        });
    }

    [Theory]
    [InlineData("ZUWARA.Travel@Example.COM")]
    [InlineData("  zuwara.travel@example.com ")]
    public async Task SearchAsync_EmailInAnyCase_Found(string typed)
    {
        await using var temp = await WithRealisticAsync();

        var hit = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Email, typed) { Box = MessageBox.Outbox }, Operator));

        Assert.Equal("persons[0].emails[0]", hit.Path);
    }

    [Theory]
    [InlineData("+39 351 204 8817", null)]
    [InlineData("0039 351 2048817", null)]
    [InlineData("+39-351-204-88-17", "FR")]
    [InlineData("351 204 8817", "IT")]
    [InlineData("393512048817", null)]
    public async Task SearchAsync_PhoneNationalOrInternational_FindsTheFacilitator(string typed, string? region)
    {
        await using var temp = await WithRealisticAsync();

        var hit = Assert.Single(await temp.Store.SearchAsync(
            new EntityQuery(SearchKind.Phone, typed) { PhoneRegion = region, Box = MessageBox.Outbox }, Operator));

        Assert.Equal("persons[2].phones[0]", hit.Path);
        Assert.Equal("+39 351 204 8817", hit.Display);
    }

    [Theory]
    [InlineData("+33 6 12 34 56 78", null)]
    [InlineData("0033612345678", null)]
    [InlineData("06.12.34.56.78", "FR")]
    [InlineData("0612345678", null)]
    public async Task SearchAsync_PhoneStoredInNationalForm_FoundInternationallyThroughTheHoldersCountry(string typed, string? region)
    {
        await using var temp = TempNodeStore.Create();
        var person = IndexedMessages.Named("MARTIN", "Paul");
        person.Phones.Add("06 12 34 56 78");
        person.Addresses.Add(new Address { Locality = "Nice", Country = "FR" });
        await temp.Store.EnqueueAsync(Outgoing(1, IndexedMessages.WithPerson(temp.Time.GetUtcNow(), "FR-1", person)));

        var hit = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Phone, typed) { PhoneRegion = region }, Operator));

        Assert.Equal("06 12 34 56 78", hit.Display);
        Assert.Equal("persons[0].phones[0]", hit.Path);
    }

    [Fact]
    public async Task SearchAsync_PhoneOfAnotherNumber_NotFound()
    {
        await using var temp = await WithRealisticAsync();

        Assert.Empty(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Phone, "+39 351 204 8818"), Operator));
        Assert.Empty(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Phone, "351 204 8817") { PhoneRegion = "FR" }, Operator));
    }

    [Theory]
    [InlineData("al-salhi mohamed ali")]
    [InlineData("Mohamed Ali AL-SALHI")]
    [InlineData("salhi, mohamed")]
    [InlineData("moham sal")]
    [InlineData("محمد علي الصالحي")]
    [InlineData("مُحَمَّد الصالحي")]
    public async Task SearchAsync_NameInAnyOrderScriptOrPrefix_FindsTheOrganiser(string typed)
    {
        await using var temp = await WithRealisticAsync();

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, typed) { Box = MessageBox.Outbox }, Operator);

        var hit = Assert.Single(hits);
        Assert.StartsWith("persons[0].name", hit.Path, StringComparison.Ordinal);
        Assert.Equal(SearchKind.Name, hit.Kind);
    }

    [Fact]
    public async Task SearchAsync_NameTokensFromTwoPeople_NotFound()
    {
        await using var temp = await WithRealisticAsync();

        Assert.Empty(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "salhi hassan"), Operator));
        Assert.Empty(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "salhi network"), Operator));
    }

    [Theory]
    [InlineData("MÜLLER", "muller jurgen")]
    [InlineData("MULLER", "Müller Jürgen")]
    [InlineData("MÜLLER", "JURGEN MUELLER", false)]
    [InlineData("ŁUKASZEWSKI", "lukaszewski")]
    public async Task SearchAsync_NameWithOrWithoutDiacritics_Found(string family, string typed, bool found = true)
    {
        await using var temp = TempNodeStore.Create();
        var given = family == "ŁUKASZEWSKI" ? "Jan" : family == "MÜLLER" ? "Jürgen" : "Jurgen";
        await temp.Store.EnqueueAsync(Outgoing(1, IndexedMessages.WithPerson(temp.Time.GetUtcNow(), "DE-1", IndexedMessages.Named(family, given))));

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, typed), Operator);

        Assert.Equal(found ? 1 : 0, hits.Count);
        Assert.All(hits, hit => Assert.Equal($"{family}, {given}", hit.Display));
    }

    [Theory]
    [InlineData("al-salhi network", "organisations[0].name")]
    [InlineData("NETWORK SALHI", "organisations[0].name")]
    [InlineData("zuwara group", "organisations[0].aliases[1]")]
    [InlineData("شبكة الصالحي", "organisations[0].aliases[0]")]
    public async Task SearchAsync_Organisation_FoundByNameOrAlias(string typed, string path)
    {
        await using var temp = await WithRealisticAsync();

        var hit = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Organisation, typed) { Box = MessageBox.Inbox }, Operator));

        Assert.Equal(path, hit.Path);
        Assert.Equal("CRIMINAL_NETWORK", hit.Qualifier);
    }

    [Theory]
    [InlineData("gh-482-kt", "conveyances[1].vehicle.plate")]
    [InlineData("IMO 8725163", "conveyances[0].vessel.imo")]
    [InlineData("it41 q030 6909 4201 0000 0004 817", "financial_identifiers[0].value")]
    [InlineData("fr-ocriest-2026-0412", "case.reference")]
    [InlineData("@SAFE_SEA_2_ITALY", "persons[0].online_handles[0].handle")]
    [InlineData("+380 67 123 4567", "persons[1].phones[0]")]
    [InlineData("K.Hassan91@example.org", "persons[2].emails[0]")]
    [InlineData("kovalchuk oleh", "persons[1].name")]
    [InlineData("skipper mother", "persons[1].remarks")]
    [InlineData("al hout", "conveyances[0].vessel.name")]
    public async Task SearchAsync_Any_FindsEachKindByItsOwnNormalisation(string typed, string path)
    {
        await using var temp = await WithRealisticAsync();

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Any, typed) { Box = MessageBox.Outbox }, Operator);

        Assert.Contains(hits, h => h.Path == path);
    }

    [Fact]
    public async Task SearchAsync_FreeText_FindsWordsInRemarksAndSummary()
    {
        await using var temp = await WithRealisticAsync();

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Text, "odesa recruited") { Box = MessageBox.Outbox }, Operator);

        Assert.Equal("persons[1].remarks", Assert.Single(hits).Path);
    }

    [Fact]
    public async Task SearchAsync_StoredThenSearchedAtOnce_AlwaysFound()
    {
        await using var temp = TempNodeStore.Create();
        var now = temp.Time.GetUtcNow();

        for (var n = 1; n <= 20; n++)
        {
            var person = IndexedMessages.Named("PERSON" + n);
            person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = $"X{n:D6}", IssuingCountry = "FR" });
            await temp.Store.StoreReceivedAsync(Incoming(IT, n, n, IndexedMessages.WithPerson(now, $"IT-{n}", person)));

            var hit = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, $"x{n:D6}"), Operator));
            Assert.Equal(Id(n), hit.MessageId);
        }
    }

    [Fact]
    public async Task SearchAsync_ContentFilter_HidesHitsOutsideTheScope()
    {
        await using var temp = await WithRealisticAsync();
        var h2Allowed = new ContentFilter { HandlingCodes = [HandlingCode.H2], CrimeTypes = [CrimeType.MigrantSmuggling] };
        var h2Excluded = new ContentFilter { HandlingCodes = [HandlingCode.H0, HandlingCode.H1] };
        var labourOnly = new ContentFilter { CrimeTypes = [CrimeType.TraffickingForcedLabour] };

        Assert.Equal(2, (await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "LY7731902") { Content = h2Allowed }, Operator)).Count);
        Assert.Empty(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "LY7731902") { Content = h2Excluded }, Operator));
        Assert.Empty(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "LY7731902") { Content = labourOnly }, Operator));
    }

    [Fact]
    public async Task SearchAsync_Limit_ReturnsNewestFirst()
    {
        await using var temp = TempNodeStore.Create();
        for (var n = 1; n <= 5; n++)
        {
            temp.Time.Advance(TimeSpan.FromMinutes(1));
            await temp.Store.EnqueueAsync(Outgoing(n, IndexedMessages.WithPerson(temp.Time.GetUtcNow(), $"FR-{n}", IndexedMessages.Named("DUPONT", "Jean"))));
        }

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "dupont") { Limit = 3 }, Operator);

        Assert.Equal([5L, 4L, 3L], hits.Select(h => h.LocalId));
        Assert.True(hits[0].AtMs > hits[1].AtMs);
    }

    /// <summary>The realistic report queued in the outbox as local id 1 (id 1) and received from IT (id 2).</summary>
    internal static async Task<TempNodeStore> WithRealisticAsync()
    {
        var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        await temp.Store.EnqueueAsync(Outgoing(1, message));
        Assert.True((await temp.Store.StoreReceivedAsync(Incoming(IT, 2, 1, message))).IsNew);
        return temp;
    }
}
