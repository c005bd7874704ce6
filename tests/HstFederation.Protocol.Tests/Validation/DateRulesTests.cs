using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class DateRulesTests
{
    // ValidationExpect.Now is 2026-03-15T10:30Z.
    private static PartialDate Date(uint year, uint month = 0, uint day = 0) => new() { Year = year, Month = month, Day = day };

    public static RuleCases Cases => new()
    {
        { "birth year missing", m => m.Persons[0].DateOfBirth = Date(0, 3, 17), "persons[0].date_of_birth.year", ErrorCodes.Required },
        { "birth year before 1900", m => m.Persons[0].DateOfBirth = Date(1899), "persons[0].date_of_birth.year", ErrorCodes.OutOfRange },
        { "birth year next year", m => m.Persons[0].DateOfBirth = Date(2027), "persons[0].date_of_birth.year", ErrorCodes.OutOfRange },
        { "birth year absurd", m => m.Persons[0].DateOfBirth = Date(uint.MaxValue), "persons[0].date_of_birth.year", ErrorCodes.OutOfRange },
        { "birth month 13", m => m.Persons[0].DateOfBirth = Date(1984, 13), "persons[0].date_of_birth.month", ErrorCodes.OutOfRange },
        { "birth 30 February", m => m.Persons[0].DateOfBirth = Date(1984, 2, 30), "persons[0].date_of_birth.day", ErrorCodes.InvalidDate },
        { "29 February of a common year", m => m.Persons[0].DateOfBirth = Date(1983, 2, 29), "persons[0].date_of_birth.day", ErrorCodes.InvalidDate },
        { "31 April", m => m.Persons[1].DateOfBirth = Date(1979, 4, 31), "persons[1].date_of_birth.day", ErrorCodes.InvalidDate },
        { "day without month", m => m.Persons[0].DateOfBirth = Date(1984, 0, 17), "persons[0].date_of_birth.day", ErrorCodes.InvalidDate },
        { "birth later this year", m => m.Persons[0].DateOfBirth = Date(2026, 12), "persons[0].date_of_birth", ErrorCodes.InvalidDate },
        { "birth tomorrow", m => m.Persons[0].DateOfBirth = Date(2026, 3, 16), "persons[0].date_of_birth", ErrorCodes.InvalidDate },
        { "document valid from beyond next year", m => m.Persons[0].Documents[0].ValidFrom = Date(2031, 6), "persons[0].documents[0].valid_from.year", ErrorCodes.OutOfRange },
        { "document until before from", m => m.Persons[0].Documents[0].ValidUntil = Date(2022, 5, 1), "persons[0].documents[0].valid_until", ErrorCodes.Conflict },
        { "document expiry too far", m => m.Persons[0].Documents[0].ValidUntil = Date(2047), "persons[0].documents[0].valid_until.year", ErrorCodes.OutOfRange },
        { "leg arrives before it departs", m => m.Routes[0].Legs[0].ArrivedOn = Date(2025, 8, 10), "routes[0].legs[0].arrived_on", ErrorCodes.Conflict },
        { "leg arrives a year before", m => m.Routes[0].Legs[0].ArrivedOn = Date(2024), "routes[0].legs[0].arrived_on", ErrorCodes.Conflict },
        { "leg departs in two years", m => m.Routes[0].Legs[1].DepartedOn = Date(2028), "routes[0].legs[1].departed_on.year", ErrorCodes.OutOfRange },
        { "flight day invalid", m => m.Conveyances[1].Flight = new Flight { FlightNumber = "TK1823", Date = Date(2025, 6, 31) }, "conveyances[1].flight.date.day", ErrorCodes.InvalidDate },
        { "incident in the future", m => m.Incidents[0].OccurredAt = Timestamp.FromDateTimeOffset(ValidationExpect.Now.AddHours(1)), "incidents[0].occurred_at", ErrorCodes.InvalidDate },
        { "incident before 1900", m => m.Incidents[0].OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(1850, 1, 1, 0, 0, 0, TimeSpan.Zero)), "incidents[0].occurred_at", ErrorCodes.OutOfRange },
        { "incident timestamp beyond year 9999", m => m.Incidents[1].OccurredAt = new Timestamp { Seconds = long.MaxValue }, "incidents[1].occurred_at", ErrorCodes.InvalidDate },
        { "incident timestamp negative nanos", m => m.Incidents[1].OccurredAt = new Timestamp { Seconds = 1_700_000_000, Nanos = -1 }, "incidents[1].occurred_at", ErrorCodes.InvalidDate },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_DateRuleBroken_ReportsPathAndCode(RuleCase rule)
    {
        ValidationExpect.SingleError(ValidationExpect.Mutated(rule.Break), rule.Path, rule.Code);
    }

    [Fact]
    public void Validate_DocumentIssuedNextYearExpiringInTwentyYears_IsValid()
    {
        var message = ValidationExpect.Mutated(m =>
        {
            m.Persons[1].Documents[0].ValidFrom = Date(2027, 1, 1);
            m.Persons[1].Documents[0].ValidUntil = Date(2046, 12, 31);
        });

        ValidationExpect.Valid(message);
    }

    [Theory]
    [InlineData(2024u, 2u, 29u)]
    [InlineData(2000u, 2u, 29u)]
    [InlineData(1900u, 0u, 0u)]
    [InlineData(2026u, 3u, 15u)]
    [InlineData(2026u, 3u, 0u)]
    [InlineData(2026u, 0u, 0u)]
    public void Validate_BirthDateValidOrPartial_IsValid(uint year, uint month, uint day)
    {
        ValidationExpect.Valid(ValidationExpect.Mutated(m => m.Persons[0].DateOfBirth = Date(year, month, day)));
    }

    [Theory]
    [InlineData(2026u, 3u, 15u, 2026u, 3u, 0u, 0)]
    [InlineData(2026u, 3u, 15u, 2026u, 0u, 0u, 0)]
    [InlineData(2026u, 3u, 15u, 2026u, 3u, 14u, 1)]
    [InlineData(2026u, 3u, 0u, 2026u, 4u, 1u, -1)]
    [InlineData(2025u, 0u, 0u, 2026u, 1u, 1u, -1)]
    public void Compare_PartialDates_ComparesAtCommonPrecision(uint y1, uint m1, uint d1, uint y2, uint m2, uint d2, int expected)
    {
        var actual = DateRules.Compare(Date(y1, m1, d1), Date(y2, m2, d2));

        Assert.Equal(expected, Math.Sign(actual));
    }
}
