using HstFederation.Entities.Normalisation;
using HstFederation.Protocol.V1;
using static HstFederation.Entities.Extraction.EntityPaths;

namespace HstFederation.Entities.Extraction;

/// <summary>
/// A financial identifier by its declared type: an IBAN only when its checksum holds (and an account number
/// that is a valid IBAN counts as the IBAN), crypto addresses by their own case rules, everything else as a
/// financial account number.
/// </summary>
internal static class FinancialIdentifiers
{
    public static ExtractedIdentifier? Normalise(FinancialIdentifier financial, string path)
    {
        var valuePath = Field(path, "value");
        if (financial.Type is FinancialIdentifierType.Iban or FinancialIdentifierType.AccountNumber or FinancialIdentifierType.Unspecified
            && Ibans.Normalise(financial.Value) is { } iban)
        {
            return new ExtractedIdentifier(MatchKind.Iban, iban, valuePath);
        }

        if (financial.Type == FinancialIdentifierType.CryptoAddress)
        {
            return CryptoAddresses.Normalise(financial.Value) is { } address
                ? new ExtractedIdentifier(MatchKind.CryptoAddress, address, valuePath)
                : null;
        }

        return FinancialAccounts.Normalise(financial.Type, financial.Value) is { } account
            ? new ExtractedIdentifier(MatchKind.FinancialAccount, account, valuePath)
            : null;
    }
}
