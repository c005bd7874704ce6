using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Financial identifiers: type and value (IBAN checksum), institution, holder.</summary>
internal static class FinancialRules
{
    public static void CheckAll(ValidationContext context, IReadOnlyList<FinancialIdentifier> identifiers)
    {
        var count = ListRules.Count(context, "", "financial_identifiers", identifiers.Count, HstMessageLimits.MaxFinancialIdentifiers);
        for (var i = 0; i < count; i++)
        {
            Check(context, FieldPath.Item("", "financial_identifiers", i), identifiers[i]);
        }
    }

    private static void Check(ValidationContext context, string path, FinancialIdentifier identifier)
    {
        EnumRules.Required(context, path, "type", identifier.Type);
        if (TextRules.Check(context, path, "value", identifier.Value, HstMessageLimits.MaxShortTextLength, required: true)
            && identifier.Type == FinancialIdentifierType.Iban && !FormatRules.IsIban(identifier.Value))
        {
            context.Add(path, "value", ErrorCodes.InvalidFormat, "Not a valid IBAN: wrong form or failed mod-97 checksum.");
        }

        TextRules.Check(context, path, "institution", identifier.Institution, HstMessageLimits.MaxShortTextLength);
        if (identifier.HasHolderPersonIndex)
        {
            ListRules.Index(context, FieldPath.Field(path, "holder_person_index"), identifier.HolderPersonIndex,
                context.Message.Persons.Count, "persons");
        }
    }
}
