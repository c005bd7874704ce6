using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Financial identifiers other than IBANs and crypto addresses: "TYPE|NUMBER" with TYPE one of
/// ACCOUNT_NUMBER, MONEY_TRANSFER_REFERENCE, CARD_NUMBER, compacted (<see cref="IdentifierText"/>), at
/// least 4 characters. The institution is free text ("Intesa" / "Intesa Sanpaolo") and is not part of the key.
/// An IBAN failing its checksum is kept here as an ACCOUNT_NUMBER, never as an IBAN.
/// </summary>
internal static class FinancialAccounts
{
    public static string? Normalise(FinancialIdentifierType type, string? text)
    {
        var compact = IdentifierText.Compact(text);
        if (compact.Length < 4 || !IdentifierText.IsAlphanumeric(compact))
        {
            return null;
        }

        var name = type switch
        {
            FinancialIdentifierType.MoneyTransferReference => "MONEY_TRANSFER_REFERENCE",
            FinancialIdentifierType.CardNumber => "CARD_NUMBER",
            _ => "ACCOUNT_NUMBER",
        };
        return $"{name}|{compact}";
    }
}
