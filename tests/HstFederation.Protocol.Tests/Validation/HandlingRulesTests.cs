using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class HandlingRulesTests
{
    private static Timestamp At(DateTimeOffset instant) => Timestamp.FromDateTimeOffset(instant);

    // Realistic sample: members IT, ES, DE; region "north-africa".
    public static RuleCases Cases => new()
    {
        { "handling missing", m => m.Handling = null, "handling", ErrorCodes.Required },
        { "code unspecified", m => m.Handling.Code = HandlingCode.Unspecified, "handling.code", ErrorCodes.Required },
        { "code H4", m => m.Handling.Code = (HandlingCode)5, "handling.code", ErrorCodes.InvalidEnum },
        { "reliability unspecified", m => m.Handling.SourceReliability = SourceReliability.Unspecified, "handling.source_reliability", ErrorCodes.Required },
        { "reliability unknown", m => m.Handling.SourceReliability = (SourceReliability)5, "handling.source_reliability", ErrorCodes.InvalidEnum },
        { "accuracy unspecified", m => m.Handling.InformationAccuracy = InformationAccuracy.Unspecified, "handling.information_accuracy", ErrorCodes.Required },
        { "accuracy 5", m => m.Handling.InformationAccuracy = (InformationAccuracy)5, "handling.information_accuracy", ErrorCodes.InvalidEnum },
        { "addressees missing", m => m.Handling.Addressees = null, "handling.addressees", ErrorCodes.Required },
        { "nobody addressed", m => { m.Handling.Addressees.Members.Clear(); m.Handling.Addressees.Regions.Clear(); }, "handling.addressees", ErrorCodes.Required },
        { "only exclusions", m => m.Handling.Addressees = new Addressees { ExcludedMembers = { "RU" } }, "handling.addressees", ErrorCodes.Required },
        { "member lower case", m => m.Handling.Addressees.Members[1] = "es", "handling.addressees.members[1]", ErrorCodes.InvalidCountry },
        { "member hub URI", m => m.Handling.Addressees.Members[2] = "urn:hst:member:DE", "handling.addressees.members[2]", ErrorCodes.InvalidCountry },
        { "member twice", m => m.Handling.Addressees.Members.Add("IT"), "handling.addressees.members[3]", ErrorCodes.Duplicate },
        { "region blank", m => m.Handling.Addressees.Regions.Add(""), "handling.addressees.regions[1]", ErrorCodes.Required },
        { "region twice", m => m.Handling.Addressees.Regions.Add("north-africa"), "handling.addressees.regions[1]", ErrorCodes.Duplicate },
        { "region with a space", m => m.Handling.Addressees.Regions.Add("North Africa"), "handling.addressees.regions[1]", ErrorCodes.InvalidFormat },
        { "region with a dot", m => m.Handling.Addressees.Regions.Add("north.africa"), "handling.addressees.regions[1]", ErrorCodes.InvalidFormat },
        { "region of 65 characters", m => m.Handling.Addressees.Regions.Add(new string('r', 65)), "handling.addressees.regions[1]", ErrorCodes.InvalidFormat },
        { "excluded unassigned", m => m.Handling.Addressees.ExcludedMembers.Add("XX"), "handling.addressees.excluded_members[0]", ErrorCodes.InvalidCountry },
        { "addressed and excluded", m => m.Handling.Addressees.ExcludedMembers.Add(["RU", "ES"]), "handling.addressees.excluded_members[1]", ErrorCodes.Conflict },
        { "retention missing", m => m.Handling.RetainUntil = null, "handling.retain_until", ErrorCodes.Required },
        { "retention now", m => m.Handling.RetainUntil = At(ValidationExpect.Now), "handling.retain_until", ErrorCodes.InvalidDate },
        { "retention past", m => m.Handling.RetainUntil = At(ValidationExpect.Now.AddDays(-1)), "handling.retain_until", ErrorCodes.InvalidDate },
        { "retention beyond 30 years", m => m.Handling.RetainUntil = At(ValidationExpect.Now.AddYears(31)), "handling.retain_until", ErrorCodes.OutOfRange },
        { "retention timestamp invalid", m => m.Handling.RetainUntil = new Timestamp { Seconds = long.MinValue }, "handling.retain_until", ErrorCodes.InvalidDate },
        { "instructions too long", m => m.Handling.Instructions = new string('i', HstMessageLimits.MaxFreeTextLength + 1), "handling.instructions", ErrorCodes.TooLong },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_HandlingRuleBroken_ReportsPathAndCode(RuleCase rule)
    {
        ValidationExpect.SingleError(ValidationExpect.Mutated(rule.Break), rule.Path, rule.Code);
    }

    [Theory]
    [InlineData("accuracy", "An InformationAccuracy value other than UNSPECIFIED is required.")]
    [InlineData("code", "A HandlingCode value other than UNSPECIFIED is required.")]
    public void Validate_UnspecifiedEnum_NamesItWithTheRightArticle(string field, string expected)
    {
        var message = ValidationExpect.Mutated(m =>
        {
            if (field == "accuracy")
            {
                m.Handling.InformationAccuracy = InformationAccuracy.Unspecified;
            }
            else
            {
                m.Handling.Code = HandlingCode.Unspecified;
            }
        });

        var result = HstMessageValidator.Validate(message, ValidationExpect.Now);

        Assert.Contains(result.Errors, e => e.Message == expected);
    }

    [Fact]
    public void Validate_MoreMembersThanTheLimit_ReportsTooMany()
    {
        var message = ValidationExpect.Mutated(m => m.Handling.Addressees.Members.Add(Enumerable.Repeat("FR", HstMessageLimits.MaxAddressees)));

        var result = HstMessageValidator.Validate(message, ValidationExpect.Now);

        Assert.Contains(result.Errors, e => e is { Path: "handling.addressees.members", Code: ErrorCodes.TooMany });
    }

    [Fact]
    public void Validate_AllMembersExceptOne_IsValid()
    {
        var message = ValidationExpect.Mutated(m => m.Handling.Addressees = new Addressees { AllMembers = true, ExcludedMembers = { "RU" } });

        ValidationExpect.Valid(message);
    }

    [Fact]
    public void Validate_RegionOnlyDirectExchange_IsValid()
    {
        var message = ValidationExpect.Mutated(m =>
        {
            m.Handling.Addressees.Members.Clear();
            m.Handling.HubMayRead = false;
            m.Handling.Code = HandlingCode.H3;
        });

        ValidationExpect.Valid(message);
    }

    [Fact]
    public void Validate_RetentionOneSecondAhead_IsValid()
    {
        ValidationExpect.Valid(ValidationExpect.Mutated(m => m.Handling.RetainUntil = At(ValidationExpect.Now.AddSeconds(1))));
    }
}
