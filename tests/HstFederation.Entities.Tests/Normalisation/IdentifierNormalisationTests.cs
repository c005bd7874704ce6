using HstFederation.Entities.Normalisation;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Tests.Normalisation;

public sealed class IdentifierNormalisationTests
{
    [Theory]
    [InlineData(DocumentType.Passport, "12ab 345-67", "fr", "PASSPORT|FR|12AB34567")]
    [InlineData(DocumentType.Passport, "AB1O2I34", "DE", "PASSPORT|DE|AB102134")]
    [InlineData(DocumentType.IdentityCard, "L0I 773/1902", "LY", "IDENTITY_CARD|LY|L017731902")]
    [InlineData(DocumentType.DrivingLicence, "MORGA753116SM9IJ", "GB", "DRIVING_LICENCE|GB|MORGA753116SM9IJ")]
    [InlineData(DocumentType.Unspecified, "X-1234", "", "OTHER||X1234")]
    public void DocumentNumbers_Normalise_CompactsAndFoldsOnlyMachineReadableTypes(DocumentType type, string number, string country, string expected) =>
        Assert.Equal(expected, DocumentNumbers.Normalise(type, number, country));

    [Fact]
    public void DocumentNumbers_OAnd0_AreOneDocumentOnPassportsButNotOnDrivingLicences()
    {
        Assert.Equal(DocumentNumbers.Normalise(DocumentType.Passport, "PO12345", "IT"), DocumentNumbers.Normalise(DocumentType.Passport, "P012345", "IT"));
        Assert.NotEqual(DocumentNumbers.Normalise(DocumentType.DrivingLicence, "PO12345", "IT"), DocumentNumbers.Normalise(DocumentType.DrivingLicence, "P012345", "IT"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("12#45")]
    public void DocumentNumbers_Normalise_RefusesNonIdentifiers(string number) =>
        Assert.Null(DocumentNumbers.Normalise(DocumentType.Passport, number, "FR"));

    [Theory]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0033 (0)6-12-34-56-78", "+33612345678")]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("+39 351 204 8817", "+393512048817")]
    public void Phones_Normalise_GivesE164(string text, string expected) => Assert.Equal(expected, Phones.Normalise(text, ["FR"]));

    [Theory]
    [InlineData("+33 1")]
    [InlineData("+999 123456789")]
    [InlineData("12345")]
    [InlineData("not a phone")]
    public void Phones_Normalise_InvalidIsNoIdentifier(string text) => Assert.Null(Phones.Normalise(text, ["FR"]));

    [Fact]
    public void Phones_Normalise_NationalNumberNeedsARegionWhereItIsValid()
    {
        Assert.Null(Phones.Normalise("06 12 34 56 78", []));
        Assert.Equal("+393512048817", Phones.Normalise("351 204 8817", ["FR", "IT"]));
    }

    [Theory]
    [InlineData(" A.B@Example.ORG ", "a.b@example.org")]
    [InlineData("mailto:x@y.com", "x@y.com")]
    public void Emails_Normalise_TrimsAndLowerCases(string text, string expected) => Assert.Equal(expected, Emails.Normalise(text));

    [Theory]
    [InlineData("a@b")]
    [InlineData("@b.com")]
    [InlineData("a b@c.com")]
    public void Emails_Normalise_RefusesMalformed(string text) => Assert.Null(Emails.Normalise(text));

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", "DE89370400440532013000")]
    [InlineData("gb82-west-1234-5698-7654-32", "GB82WEST12345698765432")]
    public void Ibans_Normalise_AcceptsValidChecksum(string text, string expected) => Assert.Equal(expected, Ibans.Normalise(text));

    [Theory]
    [InlineData("DE88 3704 0044 0532 0130 00")]
    [InlineData("GB82WEST1234569876543")]
    [InlineData("1234")]
    public void Ibans_Normalise_RefusesBadChecksumOrForm(string text) => Assert.Null(Ibans.Normalise(text));

    [Theory]
    [InlineData("9074729", "IMO:9074729")]
    [InlineData("IMO 9074729", "IMO:9074729")]
    [InlineData("imo:9074729", "IMO:9074729")]
    public void Vessels_Imo_AcceptsValidCheckDigit(string text, string expected) => Assert.Equal(expected, Vessels.Imo(text));

    [Theory]
    [InlineData("9074728")]
    [InlineData("907472")]
    [InlineData("90747290")]
    public void Vessels_Imo_RefusesBadCheckDigitOrLength(string text) => Assert.Null(Vessels.Imo(text));

    [Fact]
    public void Vessels_Mmsi_IsNineDigits()
    {
        Assert.Equal("MMSI:244660000", Vessels.Mmsi("244 660 000"));
        Assert.Null(Vessels.Mmsi("24466000"));
    }

    [Fact]
    public void Vehicles_Plate_ReadsCyrillicLookAlikesAsLatinAndKeepsTheCountry()
    {
        Assert.Equal("BG|CA1234BX", Vehicles.Plate("СА 1234 ВХ", "bg"));
        Assert.Equal(Vehicles.Plate("CA-1234-BX", "BG"), Vehicles.Plate("са 1234 вх", "BG"));
        Assert.Equal("|BG1234AB", Vehicles.Plate("BG 1234 AB", ""));
        Assert.NotEqual(Vehicles.Plate("AB1O", "RS"), Vehicles.Plate("AB10", "RS"));
    }

    [Fact]
    public void Vehicles_Vin_FoldsLettersIso3779Excludes()
    {
        Assert.Equal("VIN|1HGCM82633A004352", Vehicles.Vin("1HGCM8263 3AOO4352"));
        Assert.Null(Vehicles.Vin("1HGCM82633A00435"));
    }

    [Fact]
    public void CryptoAddresses_Normalise_FollowsTheCaseRuleOfEachForm()
    {
        Assert.Equal("0x52908400098527886e0f7030069857d2e4169ee7", CryptoAddresses.Normalise("0x52908400098527886E0F7030069857D2E4169EE7"));
        Assert.Equal("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", CryptoAddresses.Normalise("BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ"));
        Assert.Equal("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", CryptoAddresses.Normalise(" 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 "));
        Assert.NotEqual(CryptoAddresses.Normalise("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"), CryptoAddresses.Normalise("1bvbmseystwetqtfn5au4m4gfg7xjanvn2"));
        Assert.Null(CryptoAddresses.Normalise("short"));
    }

    [Theory]
    [InlineData("Telegram", "@Smuggler_X", "telegram|smuggler_x")]
    [InlineData(" telegram ", "https://t.me/smuggler_x", "telegram|smuggler_x")]
    [InlineData("", "smuggler_x", "|smuggler_x")]
    public void Handles_Normalise_LowerCasesAndDropsAtAndLinks(string platform, string handle, string expected) =>
        Assert.Equal(expected, Handles.Normalise(platform, handle));

    [Fact]
    public void FinancialAccounts_Normalise_KeysByTypeNotInstitution()
    {
        Assert.Equal("ACCOUNT_NUMBER|0012345678", FinancialAccounts.Normalise(FinancialIdentifierType.AccountNumber, "001-234 5678"));
        Assert.Equal("MONEY_TRANSFER_REFERENCE|1234567890", FinancialAccounts.Normalise(FinancialIdentifierType.MoneyTransferReference, "123 456 7890"));
        Assert.Null(FinancialAccounts.Normalise(FinancialIdentifierType.AccountNumber, "12"));
    }
}
