using HstFederation.Protocol.Validation;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// E-mail addresses: trimmed, without a "mailto:" prefix, lower case (the local part is case-insensitive in
/// practice, as the node's search treats it), and of the validator's form (FormatRules.IsEmail); else none.
/// </summary>
internal static class Emails
{
    public static string? Normalise(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["mailto:".Length..];
        }

        var lower = trimmed.ToLowerInvariant();
        return FormatRules.IsEmail(lower) ? lower : null;
    }
}
