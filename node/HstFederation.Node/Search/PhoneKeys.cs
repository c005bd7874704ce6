using System.Text;
using HstFederation.Entities.Normalisation;
using PhoneNumbers;

namespace HstFederation.Node.Search;

/// <summary>
/// Lookup keys for a phone number: its E.164 form ("+393512048817") when the country is known — written
/// with '+' or '00', or a national number valid in a region the message (or the searcher) names — and the
/// digits as written ("3512048817"), so a number whose country cannot be told still matches itself. A
/// number matches a query when any key is shared.
/// </summary>
internal static class PhoneKeys
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>Keys for a number in a message; <paramref name="regions"/> are ISO 3166-1 alpha-2 hints, best first.</summary>
    public static IReadOnlyList<string> ForIndex(string text, IEnumerable<string> regions)
    {
        var keys = new List<string>(2);
        var e164 = International(text);
        if (e164 is null)
        {
            foreach (var region in regions)
            {
                if ((e164 = National(text, region)) is not null)
                {
                    break;
                }
            }
        }

        Add(keys, e164);
        Add(keys, Digits(text));
        return keys;
    }

    /// <summary>
    /// Keys for a searched number: international when written so; national in <paramref name="region"/>
    /// (the searcher's country) when given; digits alone read as international when that is a valid number
    /// (people leave out the '+'); and the digits as typed.
    /// </summary>
    public static IReadOnlyList<string> ForQuery(string text, string? region)
    {
        var keys = new List<string>(4);
        Add(keys, International(text));
        if (!string.IsNullOrEmpty(region))
        {
            Add(keys, National(text, region));
        }

        var digits = Digits(text);
        if (digits.Length > 0)
        {
            Add(keys, Phones.Valid("+" + digits, null));
        }

        Add(keys, digits);
        return keys;
    }

    private static string? International(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("00", StringComparison.Ordinal))
        {
            trimmed = "+" + trimmed[2..];
        }

        if (!trimmed.StartsWith('+'))
        {
            return null;
        }

        // The country code is explicit: the E.164 form is well defined even for a number libphonenumber
        // does not know to be assigned (new ranges, invented test numbers).
        try
        {
            var number = Numbers.Parse(trimmed, null);
            return Numbers.IsPossibleNumber(number) ? Numbers.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The E.164 form when <paramref name="text"/> is a valid national number of <paramref name="region"/>.</summary>
    private static string? National(string text, string region)
    {
        var code = region.Trim().ToUpperInvariant();
        return code.Length == 2 && Numbers.GetSupportedRegions().Contains(code) ? Phones.Valid(text, code) : null;
    }

    private static string Digits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void Add(List<string> keys, string? key)
    {
        if (!string.IsNullOrEmpty(key) && !keys.Contains(key, StringComparer.Ordinal))
        {
            keys.Add(key);
        }
    }
}
