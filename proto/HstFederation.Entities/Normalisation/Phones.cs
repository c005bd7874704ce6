using PhoneNumbers;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Phone numbers as E.164 ("+33612345678") through libphonenumber, and only when the number is valid: a
/// number written with '+' or '00' must be valid for its country code; a national number must be valid in
/// one of the regions tried, best first (docs/matching.md §2). Anything else is no strong identifier: digits
/// alone cannot say whose number it is.
/// </summary>
public static class Phones
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    public static string? Normalise(string? text, IEnumerable<string> regions)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("00", StringComparison.Ordinal))
        {
            trimmed = "+" + trimmed[2..];
        }

        if (trimmed.StartsWith('+'))
        {
            return Valid(trimmed, null);
        }

        foreach (var region in regions)
        {
            var code = Countries.Normalise(region);
            if (code.Length == 2 && Numbers.GetSupportedRegions().Contains(code) && Valid(trimmed, code) is { } e164)
            {
                return e164;
            }
        }

        return null;
    }

    /// <summary>
    /// The E.164 form of <paramref name="text"/> when libphonenumber finds it a valid number: for its country code
    /// when <paramref name="region"/> is null (the text starts with '+'), else in that region. Null otherwise.
    /// </summary>
    public static string? Valid(string text, string? region)
    {
        try
        {
            var number = Numbers.Parse(text, region);
            var valid = region is null ? Numbers.IsValidNumber(number) : Numbers.IsValidNumberForRegion(number, region);
            return valid ? Numbers.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
