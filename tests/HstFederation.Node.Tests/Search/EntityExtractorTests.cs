using HstFederation.Node.Search;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Search;

/// <summary>Every identifier of the realistic sample becomes an index entry with its normalised key, display and path.</summary>
public sealed class EntityExtractorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<IndexedEntity> Realistic = EntityExtractor.Extract(SampleMessages.Realistic(Now));

    public static TheoryData<string> EveryKind => [.. Enum.GetValues<SearchKind>().Where(k => k != SearchKind.Any).Select(k => k.ToStorage())];

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Extract_RealisticMessage_HasEntriesOfEveryKind(string kind) =>
        Assert.Contains(Realistic, e => e.Kind.ToStorage() == kind);

    [Theory]
    [InlineData("persons[0].documents[0].number", "document", "LY7731902", "LY7731902", "PASSPORT LY")]
    [InlineData("persons[1].documents[1].number", "document", "AB031927", "AB 031927", "SEAFARER_BOOK UA")]
    [InlineData("persons[2].documents[0].number", "document", "I0837261", "I0837261", "RESIDENCE_PERMIT IT")]
    [InlineData("persons[0].emails[0]", "email", "zuwara.travel@example.com", "zuwara.travel@example.com", null)]
    [InlineData("persons[0].online_handles[0].handle", "handle", "safe_sea_2_italy", "@safe_sea_2_italy", "telegram")]
    [InlineData("conveyances[1].vehicle.plate", "vehicle", "GH482KT", "GH482KT", "PLATE IT")]
    [InlineData("conveyances[1].vehicle.vin", "vehicle", "ZFA25000002K41573", "ZFA25000002K41573", "VIN")]
    [InlineData("conveyances[0].vessel.name", "vessel", "ALHOUT3", "AL HOUT 3", "NAME LY")]
    [InlineData("conveyances[0].vessel.imo", "vessel", "8725163", "8725163", "IMO")]
    [InlineData("conveyances[0].vessel.mmsi", "vessel", "642167031", "642167031", "MMSI")]
    [InlineData("financial_identifiers[0].value", "financial", "IT41Q0306909420100000004817", "IT41 Q030 6909 4201 0000 0004 817", "IBAN Intesa Sanpaolo")]
    [InlineData("financial_identifiers[1].value", "financial", "BC1Q7X9C2V4M8K3U5N6T0W2E4R7Y9P3L5A8S0D2F6G", "bc1q7x9c2v4m8k3u5n6t0w2e4r7y9p3l5a8s0d2f6g", "CRYPTO_ADDRESS BTC")]
    [InlineData("case.reference", "reference", "FROCRIEST20260412", "FR-OCRIEST-2026-0412", null)]
    [InlineData("case.related_references[1]", "reference", "HSTES20250198", "HST-ES-2025-0198", null)]
    [InlineData("persons[0].name", "name", "al salhi mohamed ali", "AL-SALHI, Mohamed Ali", null)]
    [InlineData("persons[1].name.original_script", "name", "олег ковальчук", "Олег Ковальчук", "Cyrl")]
    [InlineData("persons[0].aliases[0]", "name", "abu khalil", "Abu Khalil", null)]
    [InlineData("organisations[0].name", "organisation", "al salhi network", "Al-Salhi network", "CRIMINAL_NETWORK")]
    [InlineData("organisations[0].aliases[1]", "organisation", "zuwara group", "Zuwara group", "CRIMINAL_NETWORK")]
    public void Extract_RealisticMessage_KeyDisplayAndQualifier(string path, string kind, string value, string display, string? qualifier)
    {
        var entity = Assert.Single(Realistic, e => e.Path == path);

        Assert.Equal(kind, entity.Kind.ToStorage());
        Assert.Equal(value, entity.Value);
        Assert.Equal(display, entity.Display);
        Assert.Equal(qualifier, entity.Qualifier);
    }

    [Fact]
    public void Extract_Phones_E164AndDigitsAsWritten()
    {
        var keys = Realistic.Where(e => e.Path == "persons[2].phones[0]").Select(e => e.Value).ToList();

        Assert.Equal(["+393512048817", "393512048817"], keys);
        Assert.All(Realistic.Where(e => e.Kind == SearchKind.Phone), e => Assert.StartsWith("persons[", e.Path, StringComparison.Ordinal));
        Assert.Equal(4, Realistic.Where(e => e.Kind == SearchKind.Phone).Select(e => e.Path).Distinct().Count());
    }

    [Fact]
    public void Extract_FreeText_IsFullTextOnlyAndCoversCaseRemarksAndDescriptions()
    {
        var text = Realistic.Where(e => e.Kind == SearchKind.Text).ToDictionary(e => e.Path);

        Assert.All(text.Values, e => Assert.Equal("", e.Value));
        Assert.All(text.Values, e => Assert.NotNull(e.FullText));
        Assert.Contains("case.summary", text.Keys);
        Assert.Contains("case.requests[1].details", text.Keys);
        Assert.Contains("incidents[1].description", text.Keys);
        Assert.Contains("persons[0].remarks", text.Keys);
        Assert.Contains("persons[2].addresses[0]", text.Keys);
        Assert.Contains("modus_operandi[2].description", text.Keys);
        Assert.Contains("relations[8].description", text.Keys);
        Assert.Contains("handling.instructions", text.Keys);
        Assert.Equal("Via Cigna 112 10155 Torino IT", text["persons[2].addresses[0]"].Display);
    }

    [Fact]
    public void Extract_IdentifiersAreLookedUpByValueAndNamesByText()
    {
        Assert.All(Realistic.Where(e => e.Kind is SearchKind.Document or SearchKind.Phone or SearchKind.Email or SearchKind.Financial),
            e => Assert.Null(e.FullText));
        Assert.All(Realistic.Where(e => e.Kind is SearchKind.Name or SearchKind.Organisation), e => Assert.NotNull(e.FullText));
    }

    [Fact]
    public void Extract_BlankFieldsAndEmptyMessage_NoEntries()
    {
        var message = new HstMessage
        {
            Persons = { new Person { Name = new PersonName { FamilyNameLatin = "  " }, Documents = { new IdentityDocument { Number = " - " } }, Emails = { "" } } },
        };

        Assert.Empty(EntityExtractor.Extract(message));
        Assert.Empty(EntityExtractor.Extract(new HstMessage()));
    }
}
