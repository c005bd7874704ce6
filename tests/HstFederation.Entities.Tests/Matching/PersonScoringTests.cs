using HstFederation.Entities.Matching;
using HstFederation.Protocol.V1;
using static HstFederation.Entities.Tests.Messages;

namespace HstFederation.Entities.Tests.Matching;

public sealed class PersonScoringTests
{
    private static readonly MatchingOptions Options = new();

    private static (double Score, List<MatchFactor> Factors) Score(Person a, Person b) =>
        PersonScorer.Score(new PreparedPerson(ExtractAll(a).Persons[0]), new PreparedPerson(ExtractAll(b).Persons[0]), Options);

    private static string Explain(Person a, Person b)
    {
        var (score, factors) = Score(a, b);
        return $"{score:0.000}: " + string.Join("; ", factors.Select(f => $"{f.Field} {f.Agreement} {f.Contribution:+0.000;-0.000}"));
    }

    private static MatchFactor Field(List<MatchFactor> factors, string field) => factors.Single(f => f.Field == field);

    /// <summary>Names a member may send that stress the similarity arithmetic: single letters, marks, digits, one long token.</summary>
    public static TheoryData<Person, Person> OddPairs => new()
    {
        { Person("A", "B"), Person("A", "B") },
        { Person("X", ""), Person("Y", "", born: Date(1)) },
        { Person("-", "."), Person("'", "-", born: Date(9999, 12, 31)) },
        { Person("\u0301\u0301", "\u200d"), Person("\u0301", "\u200d\u200d") },
        { Person("123", "456", born: Date(2000, 2, 29)), Person("1 2 3", "4 5 6", born: Date(2000, 2, 29), nationalities: "FR") },
        { Person(new string('a', 500), "a a a a a a a a a a"), Person("a", new string('b', 500), nationalities: "DE") },
        { Person("", "", "Ахмед Карімов"), Person("", "", "محمد") },
        { Person("Smith", "John", born: Date(1980, 1, 1), nationalities: "GB"), Person("Jones", "Mary", born: Date(1955, 12, 30), nationalities: "US") },
    };

    [Theory]
    [MemberData(nameof(OddPairs))]
    public void Score_OddNames_StaysWithinWhatNodesAccept(Person a, Person b)
    {
        // What a node's HubContentCheck refuses: a score outside 0..1, a contribution outside -1..1, NaN or an infinity.
        foreach (var (x, y) in new[] { (a, b), (b, a), (a, a) })
        {
            var (score, factors) = Score(x, y);

            Assert.True(double.IsFinite(score) && score is >= 0 and <= 1, Explain(x, y));
            Assert.All(factors, f => Assert.True(double.IsFinite(f.Contribution) && f.Contribution is >= -1 and <= 1, Explain(x, y)));
            Assert.Equal(score, factors.Sum(f => f.Contribution), 9);
        }
    }

    [Fact]
    public void Score_SamePerson_IsExactOnEveryField()
    {
        var (score, factors) = Score(Person("Karimov", "Akhmed", born: Date(1985, 3, 11), nationalities: "UZ"),
            Person("KARIMOV", "Akhmed", born: Date(1985, 3, 11), nationalities: "UZ"));

        Assert.Equal("exact", Field(factors, "family_name").Agreement);
        Assert.Equal("exact", Field(factors, "given_names").Agreement);
        Assert.Equal("exact", Field(factors, "date_of_birth").Agreement);
        Assert.Equal("agrees UZ", Field(factors, "nationality").Agreement);
        Assert.Equal(Options.FamilyNameWeight + Options.GivenNamesWeight + Options.DateOfBirthExact + Options.NationalityAgrees, score, 9);
    }

    public static TheoryData<Person, Person> Variants => new()
    {
        // Transliteration: Cyrillic original only vs another source's Latin.
        { Person("", "", "Ахмед Карімов", Date(1985, 3, 11)), Person("Karimov", "Ahmed", born: Date(1985, 3, 11)) },
        // Arabic script (no short vowels) vs Latin, token order reversed.
        { Person("", "", "محمد عبد الله", Date(1990, 5, 2)), Person("Abdullah", "Mohammed", born: Date(1990, 5, 2)) },
        // Spelling variants and day/month swapped.
        { Person("Hussein", "Youssef", born: Date(1979, 11, 3)), Person("Husayn", "Yusuf", born: Date(1979, 3, 11)) },
        // Family and given names swapped, one typo.
        { Person("Popescu", "Andrei", born: Date(1992, 7, 21)), Person("Andrey", "Popescu", born: Date(1992, 7, 21)) },
        // Missing given names on one side, diacritics.
        { Person("Łukaszewicz", "", born: Date(1970, 1, 5)), Person("Lukaszewicz", "Piotr", born: Date(1970, 1, 5)) },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Score_VariantsOfOnePerson_ReachTheThreshold(Person a, Person b) => Assert.True(Score(a, b).Score >= Options.PersonThreshold, Explain(a, b));

    public static TheoryData<Person, Person> Different => new()
    {
        { Person("Karimov", "Akhmed", born: Date(1985, 3, 11)), Person("Karimov", "Akhmed", born: Date(1962, 8, 30)) },
        { Person("Karimov", "Akhmed", born: Date(1985, 3, 11)), Person("Rahimov", "Alisher", born: Date(1985, 3, 11)) },
        { Person("Ivanov", "Sergei", born: Date(1985)), Person("Ivanova", "Svetlana", born: Date(1985)) },
    };

    [Theory]
    [MemberData(nameof(Different))]
    public void Score_DifferentPersons_StayBelowTheThreshold(Person a, Person b) => Assert.True(Score(a, b).Score < Options.PersonThreshold, Explain(a, b));

    [Theory]
    [MemberData(nameof(Variants))]
    [MemberData(nameof(Different))]
    public void Score_Factors_SumToTheScore(Person a, Person b)
    {
        var (score, factors) = Score(a, b);

        Assert.InRange(score, 0, 1);
        Assert.Equal(score, factors.Sum(f => f.Contribution), 9);
    }

    [Fact]
    public void Score_DayMonthSwapped_IsExplained()
    {
        var (_, factors) = Score(Person("A", "B", born: Date(1979, 11, 3)), Person("A", "B", born: Date(1979, 3, 11)));

        Assert.Equal("day and month swapped", Field(factors, "date_of_birth").Agreement);
        Assert.Equal(Options.DateOfBirthDayMonthSwapped, Field(factors, "date_of_birth").Contribution);
    }

    [Theory]
    [InlineData(1980, 0, 0, 1980, 4, 12, "year only")]
    [InlineData(1980, 4, 0, 1980, 4, 12, "year and month")]
    [InlineData(1980, 4, 12, 1981, 4, 12, "year differs")]
    [InlineData(1980, 4, 12, 1980, 4, 13, "day differs")]
    [InlineData(1980, 4, 12, 1980, 9, 30, "disagrees")]
    [InlineData(1980, 0, 0, 1985, 0, 0, "disagrees")]
    public void Score_PartialDates_Agreement(int y1, int m1, int d1, int y2, int m2, int d2, string agreement)
    {
        var (_, factors) = Score(Person("A", "B", born: Date((uint)y1, (uint)m1, (uint)d1)), Person("A", "B", born: Date((uint)y2, (uint)m2, (uint)d2)));

        Assert.Equal(agreement, Field(factors, "date_of_birth").Agreement);
    }

    [Fact]
    public void Score_SharedIdentifiers_AddAndAreCapped()
    {
        var a = Person("Karimov", "Akhmed");
        var b = Person("Karimov", "Akhmed");
        foreach (var p in new[] { a, b })
        {
            p.Phones.Add("+33612345678");
            p.Emails.Add("a@b.org");
            p.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = "FA1234567", IssuingCountry = "UZ" });
        }

        var (score, factors) = Score(a, b);

        Assert.Equal("3 shared: identity_document, phone, email", Field(factors, "shared_identifier").Agreement);
        Assert.Equal(1, score);
        Assert.True(Field(factors, "bounds").Contribution < 0);
        Assert.Equal(1, factors.Sum(f => f.Contribution), 9);
    }

    [Fact]
    public void Score_AliasMatch_SaysWhichFormsMatched()
    {
        var a = Person("Karimov", "Akhmed", born: Date(1985, 3, 11));
        a.Aliases.Add(new PersonName { FamilyNameLatin = "Rahimi", GivenNamesLatin = "Ali" });

        var (score, factors) = Score(Person("Rahimi", "Ali", born: Date(1985, 3, 11)), a);

        Assert.True(score >= Options.PersonThreshold);
        Assert.Equal("exact (name / aliases[0])", Field(factors, "family_name").Agreement);
    }
}
