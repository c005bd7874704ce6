using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;
using HstFederation.Testing.Samples;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class SampleMessagesTests
{
    public static TheoryData<DateTimeOffset> Clocks => new()
    {
        ValidationExpect.Now,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2030, 12, 31, 23, 59, 59, TimeSpan.FromHours(-10)),
        new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero),
    };

    [Theory]
    [MemberData(nameof(Clocks))]
    public void Validate_RealisticSample_IsValid(DateTimeOffset now)
    {
        var result = HstMessageValidator.Validate(SampleMessages.Realistic(now), now);

        Assert.Equal([], result.Errors.Select(e => $"{e.Path} {e.Code}: {e.Message}"));
    }

    [Theory]
    [MemberData(nameof(Clocks))]
    public void Validate_MinimalSample_IsValid(DateTimeOffset now)
    {
        var result = HstMessageValidator.Validate(SampleMessages.Minimal(now), now);

        Assert.Equal([], result.Errors.Select(e => $"{e.Path} {e.Code}: {e.Message}"));
    }

    [Fact]
    public void Realistic_Content_CoversTheModel()
    {
        var message = ValidationExpect.Realistic();

        Assert.Contains(message.Persons, p => p.Name.Script == "Arab");
        Assert.Contains(message.Persons, p => p.Name.Script == "Cyrl");
        Assert.Contains(message.Persons.SelectMany(p => p.Documents), d => d.Status == DocumentStatus.Fraudulent);
        Assert.Contains(message.Persons.SelectMany(p => p.OnlineHandles), h => h.Platform == "telegram");
        Assert.Contains(message.Conveyances, c => c.KindCase == Conveyance.KindOneofCase.Vessel && c.Vessel.Imo.Length == 7);
        Assert.Contains(message.Conveyances, c => c.KindCase == Conveyance.KindOneofCase.Vehicle);
        Assert.Contains(message.FinancialIdentifiers, f => f.Type == FinancialIdentifierType.Iban);
        Assert.Contains(message.FinancialIdentifiers, f => f.Type == FinancialIdentifierType.CryptoAddress);
        Assert.Contains(message.Routes.SelectMany(r => r.Legs), l => l.BorderCrossingPoint.Length > 0);
        Assert.Equal(HandlingCode.H2, message.Handling.Code);
        Assert.Equal((SourceReliability.B, InformationAccuracy._2), (message.Handling.SourceReliability, message.Handling.InformationAccuracy));
        Assert.Equal(["IT", "ES", "DE"], message.Handling.Addressees.Members);
        Assert.NotEmpty(message.Handling.Addressees.Regions);
        Assert.True(message.Handling.HubMayRead);
        Assert.Equal(ValidationExpect.Now.AddYears(5), message.Handling.RetainUntil.ToDateTimeOffset());
    }

    [Fact]
    public void Validate_MinimalWithoutCrimeType_ReportsRequired()
    {
        var message = SampleMessages.Minimal(ValidationExpect.Now);
        message.Case.CrimeTypes.Clear();

        var result = HstMessageValidator.Validate(message, ValidationExpect.Now);

        Assert.Equal(["case.crime_types required"], result.Errors.Select(e => $"{e.Path} {e.Code}"));
    }
}
