using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Identity documents: type, number and issuing country; validity dates in order.</summary>
internal static class DocumentRules
{
    public static void Check(ValidationContext context, string path, IdentityDocument document)
    {
        EnumRules.Required(context, path, "type", document.Type);
        TextRules.Check(context, path, "number", document.Number, HstMessageLimits.MaxShortTextLength, required: true);
        CountryRules.Check(context, path, "issuing_country", document.IssuingCountry, required: true);

        var year = context.Now.UtcDateTime.Year;
        var from = DateRules.CheckPartial(context, FieldPath.Field(path, "valid_from"), document.ValidFrom,
            year + HstMessageLimits.MaxYearsAheadForEvents);
        var until = DateRules.CheckPartial(context, FieldPath.Field(path, "valid_until"), document.ValidUntil,
            year + HstMessageLimits.MaxYearsAheadForExpiry);
        if (from && until && DateRules.Compare(document.ValidFrom, document.ValidUntil) > 0)
        {
            context.Add(path, "valid_until", ErrorCodes.Conflict, "valid_until lies before valid_from.");
        }

        EnumRules.Defined(context, path, "status", document.Status);
    }
}
