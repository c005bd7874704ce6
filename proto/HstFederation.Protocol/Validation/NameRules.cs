using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Person names: original script (with its ISO 15924 code) and Latin transliteration.</summary>
internal static class NameRules
{
    /// <summary>Checks a name at <paramref name="path"/>; true when it holds some name (valid or not, errors are reported).</summary>
    public static bool Check(ValidationContext context, string path, PersonName name)
    {
        TextRules.Check(context, path, "original_script", name.OriginalScript, HstMessageLimits.MaxNameLength);
        if (TextRules.Check(context, path, "script", name.Script, HstMessageLimits.MaxShortTextLength)
            && !FormatRules.IsScript(name.Script))
        {
            context.Add(path, "script", ErrorCodes.InvalidFormat, "Expected a four-letter ISO 15924 script code, e.g. \"Arab\" or \"Cyrl\".");
        }

        TextRules.Check(context, path, "family_name_latin", name.FamilyNameLatin, HstMessageLimits.MaxNameLength);
        TextRules.Check(context, path, "given_names_latin", name.GivenNamesLatin, HstMessageLimits.MaxNameLength);
        if (TextRules.HasText(name.OriginalScript) || TextRules.HasText(name.FamilyNameLatin) || TextRules.HasText(name.GivenNamesLatin))
        {
            return true;
        }

        context.Add(path, ErrorCodes.Required, "A name needs its original-script form or a Latin family or given name.");
        return false;
    }
}
