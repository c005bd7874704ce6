using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class CaseRulesTests
{
    public static RuleCases Cases => new()
    {
        { "case missing", m => m.Case = null, "case", ErrorCodes.Required },
        { "reference empty", m => m.Case.Reference = "", "case.reference", ErrorCodes.Required },
        { "reference blank", m => m.Case.Reference = " \t ", "case.reference", ErrorCodes.Required },
        { "reference too long", m => m.Case.Reference = new string('R', HstMessageLimits.MaxShortTextLength + 1), "case.reference", ErrorCodes.TooLong },
        { "title empty", m => m.Case.Title = "", "case.title", ErrorCodes.Required },
        { "title too long", m => m.Case.Title = new string('T', HstMessageLimits.MaxNameLength + 1), "case.title", ErrorCodes.TooLong },
        { "summary too long", m => m.Case.Summary = new string('S', HstMessageLimits.MaxFreeTextLength + 1), "case.summary", ErrorCodes.TooLong },
        { "no crime type", m => m.Case.CrimeTypes.Clear(), "case.crime_types", ErrorCodes.Required },
        { "crime type unspecified", m => m.Case.CrimeTypes[1] = CrimeType.Unspecified, "case.crime_types[1]", ErrorCodes.InvalidEnum },
        { "crime type unknown number", m => m.Case.CrimeTypes.Add((CrimeType)99), "case.crime_types[2]", ErrorCodes.InvalidEnum },
        { "crime type twice", m => m.Case.CrimeTypes.Add(CrimeType.MigrantSmuggling), "case.crime_types[2]", ErrorCodes.Duplicate },
        { "status unspecified", m => m.Case.Status = CaseStatus.Unspecified, "case.status", ErrorCodes.Required },
        { "status unknown number", m => m.Case.Status = (CaseStatus)42, "case.status", ErrorCodes.InvalidEnum },
        { "request type unspecified", m => m.Case.Requests[1].Type = RequestType.Unspecified, "case.requests[1].type", ErrorCodes.Required },
        { "request person index past the end", m => m.Case.Requests[0].PersonIndex = 4, "case.requests[0].person_index", ErrorCodes.InvalidIndex },
        { "language not a tag", m => m.Case.Language = "English (UK)", "case.language", ErrorCodes.InvalidFormat },
        { "related reference blank", m => m.Case.RelatedReferences.Add(""), "case.related_references[2]", ErrorCodes.Required },
        { "contact point too long", m => m.Case.ContactPoint = new string('c', HstMessageLimits.MaxNameLength + 1), "case.contact_point", ErrorCodes.TooLong },
        { "modus operandi code unspecified", m => m.ModusOperandi[0].Code = ModusOperandiCode.Unspecified, "modus_operandi[0].code", ErrorCodes.Required },
        { "modus operandi code unknown", m => m.ModusOperandi[2].Code = (ModusOperandiCode)13, "modus_operandi[2].code", ErrorCodes.InvalidEnum },
        { "organisation without name", m => m.Organisations[0].Name = "", "organisations[0].name", ErrorCodes.Required },
        { "organisation alias blank", m => m.Organisations[0].Aliases.Add(" "), "organisations[0].aliases[2]", ErrorCodes.Required },
        { "organisation kind unknown", m => m.Organisations[0].Kind = (OrganisationKind)6, "organisations[0].kind", ErrorCodes.InvalidEnum },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_CaseRuleBroken_ReportsPathAndCode(RuleCase rule)
    {
        ValidationExpect.SingleError(ValidationExpect.Mutated(rule.Break), rule.Path, rule.Code);
    }

    [Fact]
    public void Validate_MoreCrimeTypesThanTheLimit_ReportsTooMany()
    {
        var message = ValidationExpect.Mutated(m => m.Case.CrimeTypes.Add(Enumerable.Repeat(CrimeType.Other, HstMessageLimits.MaxCrimeTypes)));

        var result = HstMessageValidator.Validate(message, ValidationExpect.Now);

        Assert.Equal("case.crime_types too_many", $"{result.Errors[0].Path} {result.Errors[0].Code}");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr-FR")]
    [InlineData("zh-Hant-TW")]
    [InlineData("")]
    public void Validate_LanguageTag_IsAccepted(string language)
    {
        ValidationExpect.Valid(ValidationExpect.Mutated(m => m.Case.Language = language));
    }

    [Fact]
    public void Validate_RequestWithoutPersonIndex_IsValid()
    {
        ValidationExpect.Valid(ValidationExpect.Mutated(m => m.Case.Requests[0].ClearPersonIndex()));
    }
}
