using HstFederation.Node.Search;

namespace HstFederation.Node.Tests.Search;

/// <summary>The keys the index and the queries share: one key however an identifier is written.</summary>
public sealed class NormalisationTests
{
    [Theory]
    [InlineData("LY7731902")]
    [InlineData("ly 773 1902")]
    [InlineData("LY-773-1902")]
    [InlineData("ly.773.1902")]
    [InlineData("LY/773/1902")]
    [InlineData(" l y\u2013773\u00A01902 ")]
    [InlineData("ＬＹ７７３１９０２")]
    public void Identifier_AnyCommonSpelling_SameKey(string written) =>
        Assert.Equal("LY7731902", Normalisation.Identifier(written));

    [Fact]
    public void EmailAndHandle_CaseAndSpacingIgnored()
    {
        Assert.Equal("k.hassan91@example.org", Normalisation.Email("  K.Hassan91@EXAMPLE.org\t"));
        Assert.Equal("safe_sea_2_italy", Normalisation.Handle(" @Safe_Sea_2_Italy"));
    }

    [Theory]
    [InlineData("+39 351 204 8817", "IT")]
    [InlineData("0039 351 204 8817", "FR")]
    [InlineData("+39 (351) 204-8817", "FR")]
    [InlineData("351 204 8817", "IT")]
    [InlineData("393512048817", "FR")]
    public void PhoneKeys_NationalOrInternational_ShareTheE164Key(string query, string region) =>
        Assert.Contains("+393512048817", PhoneKeys.ForQuery(query, region));

    [Fact]
    public void PhoneKeys_NationalNumber_ReadInTheFirstRegionWhereItIsValid()
    {
        Assert.Equal(["+33612345678", "0612345678"], PhoneKeys.ForIndex("06 12 34 56 78", ["FR", "DE"]));
        Assert.Equal(["0612345678"], PhoneKeys.ForIndex("06 12 34 56 78", []));
    }

    [Theory]
    [InlineData("Müller", "müller")]
    [InlineData("Łukasz Øster-Straße", "lukasz oster strasse")]
    [InlineData("مُحَمَّد", "محمد")]
    [InlineData("أحمد", "احمد")]
    [InlineData("Фёдор", "федор")]
    public void TextFold_Key_FoldsWhatFts5DoesNot(string written, string key) =>
        Assert.Equal(key, TextFold.Key(written));

    [Theory]
    [InlineData("\"foo\" OR bar* NEAR(", "\"foo\"* \"or\" \"bar\"* \"near\"*")]
    [InlineData("col:xyz ^yza -zza {abc bcd}", "\"col\"* \"xyz\"* \"yza\"* \"zza\"* \"abc\"* \"bcd\"*")]
    [InlineData("col:xy ^yz -zz {ab bc}", "\"col\"* \"xy\" \"yz\" \"zz\" \"ab\" \"bc\"")]
    [InlineData("ma al an mo", "\"ma\" \"al\" \"an\" \"mo\"")]
    [InlineData("col:x ^y -z {a b}", "\"col\"* \"x\" \"y\" \"z\" \"a\" \"b\"")]
    [InlineData("a b c d e f g h i j k l m n o p", "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\" \"i\" \"j\" \"k\" \"l\" \"m\" \"n\" \"o\" \"p\"")]
    [InlineData("\"\"\" * ( ) : ^ + -", null)]
    public void FtsQuery_UserSyntax_BecomesQuotedPrefixWords_OneAndTwoLetterWordsWhole(string typed, string? expected) =>
        Assert.Equal(expected, FtsQuery.Build(typed));
}
