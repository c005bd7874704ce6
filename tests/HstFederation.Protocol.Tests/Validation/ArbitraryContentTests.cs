using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Validation;

/// <summary>Content is data: the validator must not refuse text that looks like code, markup or spoofing.</summary>
public sealed class ArbitraryContentTests
{
    public static TheoryData<string> Texts => new()
    {
        "Robert'); DROP TABLE persons;--",
        "' OR '1'='1",
        "\"quoted\" and `back-ticked` and \\back\\slashed\\",
        "1; SELECT * FROM messages WHERE id LIKE '%_%'",
        "<script>alert('x')</script> &amp; {{template}} ${env}",
        "\u202Eevil.exe\u202C and \u200F\u200E marks",
        "אבי כהן / محمد / Ахмед / 王伟 / ꯃꯤꯇꯩ",
        "emoji 🚤🛂 and ZWJ 👨‍👩‍👧",
        "null\0byte and\ttab\r\nnewline",
        "e\u0301 (decomposed) vs \u00E9 (composed)",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Validate_TextWithMetacharactersOrBidiMarks_IsAccepted(string text)
    {
        var message = ValidationExpect.Mutated(m =>
        {
            m.Case.Title = text;
            m.Case.Summary = text;
            m.Persons[0].Name.OriginalScript = text;
            m.Persons[0].Name.FamilyNameLatin = text;
            m.Persons[0].Documents[0].Number = text;
            m.Persons[1].Remarks = text;
            m.Organisations[0].Name = text;
            m.Conveyances[1].Vehicle.Plate = text;
            m.FinancialIdentifiers[1].Value = text;
            m.Relations[0].Description = text;
            m.Handling.Instructions = text;
            // Not the regions: they are identifiers the hub defines (HandlingRulesTests), not content.
        });

        ValidationExpect.Valid(message);
    }

    [Fact]
    public void Validate_TextExactlyAtEachLimit_IsValid()
    {
        var message = ValidationExpect.Mutated(m =>
        {
            m.Case.Reference = new string('R', Protocol.Validation.HstMessageLimits.MaxShortTextLength);
            m.Case.Title = new string('T', Protocol.Validation.HstMessageLimits.MaxNameLength);
            m.Case.Summary = new string('S', Protocol.Validation.HstMessageLimits.MaxFreeTextLength);
            m.Persons.Add(Enumerable.Range(0, Protocol.Validation.HstMessageLimits.MaxPersons - 4).Select(_ => new Person(m.Persons[1])));
        });

        ValidationExpect.Valid(message);
    }
}
