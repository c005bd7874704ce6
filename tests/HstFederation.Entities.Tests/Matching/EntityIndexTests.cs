using HstFederation.Protocol.V1;
using static HstFederation.Entities.Tests.Messages;

namespace HstFederation.Entities.Tests.Matching;

public sealed class EntityIndexTests
{
    private static HstMessage WithPhone(string family, string given, string phone)
    {
        var person = Person(family, given, born: Date(1985, 3, 11));
        person.Phones.Add(phone);
        return With(person);
    }

    [Fact]
    public void Match_SharedPhone_MatchesExactlyAndAsPersons()
    {
        var index = new EntityIndex(new MatchingOptions());
        index.Add(7, EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33 6 12 34 56 78"), "FR"));
        index.Add(8, EntityExtractor.Extract(WithPhone("Rahimi", "Ali", "+39 351 204 8817"), "IT"));

        var matches = index.Match(EntityExtractor.Extract(WithPhone("", "", "06 12 34 56 78"), "FR"));

        var phone = Assert.Single(matches);
        Assert.Equal((7L, MatchKind.Phone, "persons[0].phones[0]", "+33612345678", "persons[0].phones[0]", 1.0),
            (phone.DocumentId, phone.Kind, phone.YourPath, phone.YourValue, phone.TheirPath, phone.Score));
        Assert.Equal("phone", Assert.Single(phone.Factors).Field);
    }

    [Fact]
    public void Match_PersonVariant_IsFoundWithExplanation()
    {
        var index = new EntityIndex(new MatchingOptions());
        index.Add(1, ExtractAll(Person("Karimov", "Akhmed", born: Date(1985, 3, 11), nationalities: "UZ")));
        index.Add(2, ExtractAll(Person("Karimova", "Dilnoza", born: Date(1990, 1, 1), nationalities: "UZ")));

        var matches = index.Match(ExtractAll(Person("", "", "Ахмед Карімов", Date(1985, 11, 3), "UZ")));

        var match = Assert.Single(matches);
        Assert.Equal((1L, MatchKind.Person, "persons[0]", "", "persons[0]"), (match.DocumentId, match.Kind, match.YourPath, match.YourValue, match.TheirPath));
        // The example of docs/matching.md §3.
        Assert.Equal(0.87, match.Score, 9);
        Assert.Equal(
            [("name", "exact (name.original_script / name)", 0.6), ("date_of_birth", "day and month swapped", 0.22), ("nationality", "agrees UZ", 0.05)],
            match.Factors.Select(f => (f.Field, f.Agreement, Math.Round(f.Contribution, 9))));
    }

    [Fact]
    public void Match_Threshold_ComesFromOptions()
    {
        var indexed = ExtractAll(Person("Karimov", "Akhmed"));
        var query = ExtractAll(Person("Karimov", "Akhmed", born: Date(1985, 3, 11)));
        var lenient = new EntityIndex(new MatchingOptions { PersonThreshold = 0.5 });
        var strict = new EntityIndex(new MatchingOptions { PersonThreshold = 0.9 });
        lenient.Add(1, indexed);
        strict.Add(1, indexed);

        Assert.Single(lenient.Match(query));
        Assert.Empty(strict.Match(query));
    }

    [Fact]
    public void Match_Include_FiltersDocuments()
    {
        var index = new EntityIndex(new MatchingOptions());
        index.Add(1, EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33612345678"), "FR"));
        index.Add(2, EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33612345678"), "FR"));
        var query = EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33612345678"), "FR");

        Assert.Equal([1L, 2L], index.Match(query).Select(m => m.DocumentId).Distinct().Order());
        Assert.Equal([2L], index.Match(query, id => id != 1).Select(m => m.DocumentId).Distinct());
    }

    [Fact]
    public void Match_Organisations_ByNormalisedNameOrAlias()
    {
        var indexed = new HstMessage();
        indexed.Organisations.Add(new Organisation { Name = "Sahara Travel LLC", Aliases = { "Golden Route" } });
        var index = new EntityIndex(new MatchingOptions());
        index.Add(3, EntityExtractor.Extract(indexed, "LY"));
        var query = new HstMessage();
        query.Organisations.Add(new Organisation { Name = "The Golden Route S.A." });

        var match = Assert.Single(index.Match(EntityExtractor.Extract(query, "IT")));
        Assert.Equal((MatchKind.Organisation, "golden route", "organisations[0]"), (match.Kind, match.YourValue, match.TheirPath));
    }

    [Fact]
    public void Remove_ForgetsTheDocument()
    {
        var index = new EntityIndex(new MatchingOptions());
        var entities = EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33612345678"), "FR");
        index.Add(1, entities);
        index.Add(2, ExtractAll(Person("Rahimi", "Ali")));
        Assert.Equal(3, index.Count);
        Assert.Equal(2, index.Match(entities).Count);

        Assert.True(index.Remove(1));

        Assert.False(index.Remove(1));
        Assert.Equal(1, index.Count);
        Assert.Empty(index.Match(entities));
    }

    [Fact]
    public void Add_SameDocumentAgain_ReplacesItsEntities()
    {
        var index = new EntityIndex(new MatchingOptions());
        index.Add(1, EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33612345678"), "FR"));
        index.Add(1, ExtractAll(Person("Rahimi", "Ali")));

        Assert.Equal(1, index.Count);
        Assert.Empty(index.Match(EntityExtractor.Extract(WithPhone("X", "Y", "+33612345678"), "FR")));
    }

    [Fact]
    public void Match_ConcurrentReadersWithAWriter_SeeConsistentResults()
    {
        var index = new EntityIndex(new MatchingOptions());
        var query = EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33612345678"), "FR");
        index.Add(0, query);

        Parallel.For(1, 200, i =>
        {
            if (i % 4 == 0)
            {
                index.Add(i, EntityExtractor.Extract(WithPhone("Karimov", "Akhmed", "+33612345678"), "FR"));
            }
            else
            {
                Assert.Contains(index.Match(query), m => m.DocumentId == 0);
            }
        });

        Assert.Equal(50 * 2, index.Count);
    }
}
