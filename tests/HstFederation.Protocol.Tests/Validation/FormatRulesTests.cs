using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class FormatRulesTests
{
    [Theory]
    [InlineData("zuwara.travel@example.com", true)]
    [InlineData("k.hassan91@mail.example.org", true)]
    [InlineData("o'brien+hst@example.ie", true)]
    [InlineData("no-at-sign.example.com", false)]
    [InlineData("two@@example.com", false)]
    [InlineData("a@b@example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("user@", false)]
    [InlineData("user@localhost", false)]
    [InlineData("user@.example.com", false)]
    [InlineData("user@example.", false)]
    [InlineData("user@example..com", false)]
    [InlineData("us er@example.com", false)]
    public void IsEmail_Value_MatchesExpectation(string value, bool expected)
    {
        Assert.Equal(expected, FormatRules.IsEmail(value));
    }

    [Theory]
    [InlineData("+33612345678", true)]
    [InlineData("+218 91 234 5678", true)]
    [InlineData("(06) 12-34.56.78", true)]
    [InlineData("12345", true)]
    [InlineData("+12345678901234567890", true)]
    [InlineData("1234", false)]
    [InlineData("+123456789012345678901", false)]
    [InlineData("33+612345678", false)]
    [InlineData("++33612345678", false)]
    [InlineData("+33 6 12 34 56 78 ext 5", false)]
    [InlineData("٠٦١٢٣٤٥٦٧٨", false)]
    public void IsPhone_Value_MatchesExpectation(string value, bool expected)
    {
        Assert.Equal(expected, FormatRules.IsPhone(value));
    }

    [Theory]
    [InlineData("9074729", true)]
    [InlineData("8725163", true)]
    [InlineData("9074728", false)]
    [InlineData("907472", false)]
    [InlineData("90747290", false)]
    [InlineData("907472a", false)]
    public void IsImo_Value_ChecksTheCheckDigit(string value, bool expected)
    {
        Assert.Equal(expected, FormatRules.IsImo(value));
    }

    [Theory]
    [InlineData("642167031", true)]
    [InlineData("64216703", false)]
    [InlineData("6421670311", false)]
    [InlineData("64216703x", false)]
    public void IsMmsi_Value_MatchesExpectation(string value, bool expected)
    {
        Assert.Equal(expected, FormatRules.IsMmsi(value));
    }

    [Theory]
    [InlineData("IT60X0542811101000000123456", true)]
    [InlineData("IT41 Q030 6909 4201 0000 0004 817", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("gb82west12345698765432", true)]
    [InlineData("GB82WEST12345698765433", false)]
    [InlineData("GB82WEST1234", false)]
    [InlineData("1282WEST12345698765432", false)]
    [InlineData("GB82WEST123456987654321234567890123", false)]
    [InlineData("GB82-WEST-1234-5698-7654-32", false)]
    public void IsIban_Value_ChecksMod97(string value, bool expected)
    {
        Assert.Equal(expected, FormatRules.IsIban(value));
    }

    [Theory]
    [InlineData("Arab", true)]
    [InlineData("Cyrl", true)]
    [InlineData("Ethi", true)]
    [InlineData("Arabic", false)]
    [InlineData("Ar1b", false)]
    public void IsScript_Value_MatchesExpectation(string value, bool expected)
    {
        Assert.Equal(expected, FormatRules.IsScript(value));
    }
}
