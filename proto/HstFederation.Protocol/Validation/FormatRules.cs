namespace HstFederation.Protocol.Validation;

/// <summary>Forms of identifiers: e-mail, phone, IMO, MMSI, IBAN, ISO 15924 script, BCP 47 language.</summary>
internal static class FormatRules
{
    public const int MinPhoneDigits = 5;
    public const int MaxPhoneDigits = 20;

    /// <summary>One '@' with text before it; a domain of non-empty dot-separated labels, at least two; no spaces or controls.</summary>
    public static bool IsEmail(string value)
    {
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        var domain = value.AsSpan(at + 1);
        return domain.Contains('.') && domain[0] != '.' && domain[^1] != '.' && !domain.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>Digits, spaces, '-', '.', '(' and ')', with an optional leading '+'; 5 to 20 digits.</summary>
    public static bool IsPhone(string value)
    {
        var digits = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!(c is ' ' or '-' or '.' or '(' or ')' || (c == '+' && i == 0)))
            {
                return false;
            }
        }

        return digits is >= MinPhoneDigits and <= MaxPhoneDigits;
    }

    /// <summary>Seven digits whose last is the IMO check digit: Σ dᵢ·(7−i) for i = 0..5, modulo 10.</summary>
    public static bool IsImo(string value)
    {
        if (value.Length != 7 || !AllDigits(value))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            sum += (value[i] - '0') * (7 - i);
        }

        return sum % 10 == value[6] - '0';
    }

    /// <summary>Nine digits (Maritime Mobile Service Identity).</summary>
    public static bool IsMmsi(string value) => value.Length == 9 && AllDigits(value);

    /// <summary>
    /// ISO 13616: two letters, two check digits, up to 30 letters or digits (spaces allowed for the printed form),
    /// 15–34 characters without spaces, and the number modulo 97 equal to 1 (ISO 7064 MOD 97-10).
    /// </summary>
    public static bool IsIban(string value)
    {
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == compact.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            compact[length++] = char.ToUpperInvariant(c);
        }

        if (length < 15 || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < length; i++)
        {
            // Rearranged: the first four characters move to the end.
            var c = compact[(i + 4) % length];
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }

    /// <summary>Four ASCII letters (ISO 15924), e.g. "Arab", "Cyrl", "Latn".</summary>
    public static bool IsScript(string value)
    {
        if (value.Length != 4)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A BCP 47 tag in its common shape: a 2–8 letter language subtag, then '-' separated 1–8 letters or digits.</summary>
    public static bool IsLanguageTag(string value)
    {
        var parts = value.Split('-');
        if (parts[0].Length is < 2 or > 8 || !parts[0].All(char.IsAsciiLetter))
        {
            return false;
        }

        return parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }

    private static bool AllDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
