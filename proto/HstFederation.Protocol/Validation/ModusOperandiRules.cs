using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Modus operandi: a code and an optional description.</summary>
internal static class ModusOperandiRules
{
    public static void CheckAll(ValidationContext context, IReadOnlyList<ModusOperandi> items)
    {
        var count = ListRules.Count(context, "", "modus_operandi", items.Count, HstMessageLimits.MaxModusOperandi);
        for (var i = 0; i < count; i++)
        {
            var path = FieldPath.Item("", "modus_operandi", i);
            EnumRules.Required(context, path, "code", items[i].Code);
            TextRules.Check(context, path, "description", items[i].Description, HstMessageLimits.MaxFreeTextLength);
        }
    }
}
