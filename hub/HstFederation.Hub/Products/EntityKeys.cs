using System.Globalization;
using System.Text;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Labels, and the keys under which two messages' entities are one node: equal strong identifiers (identity
/// document type + issuing country + number without separators, an international phone number's digits, an
/// e-mail address), or for persons the same name (folded, any token order) with the same date of birth; for
/// organisations the same folded name or alias.
/// </summary>
internal static class EntityKeys
{
    public static string PersonLabel(Person person)
    {
        var name = person.Name;
        var latin = string.Join(' ', new[] { name?.GivenNamesLatin, name?.FamilyNameLatin }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        if (latin.Length > 0)
        {
            return latin;
        }

        if (!string.IsNullOrWhiteSpace(name?.OriginalScript))
        {
            return name.OriginalScript.Trim();
        }

        var alias = person.Aliases.Select(a => string.Join(' ', new[] { a.GivenNamesLatin, a.FamilyNameLatin, a.OriginalScript }.Where(s => !string.IsNullOrWhiteSpace(s))))
            .FirstOrDefault(s => s.Length > 0);
        return alias ?? "(unnamed person)";
    }

    public static string OrganisationLabel(Organisation organisation) =>
        !string.IsNullOrWhiteSpace(organisation.Name) ? organisation.Name.Trim() : organisation.Aliases.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a))?.Trim() ?? "(unnamed organisation)";

    public static IReadOnlyList<string> Person(Person person)
    {
        var keys = new List<string>();
        keys.AddRange(person.Documents.Where(d => d.Number.Length > 0)
            .Select(d => $"doc|{(int)d.Type}|{d.IssuingCountry.ToUpperInvariant()}|{Identifier(d.Number)}"));
        keys.AddRange(person.Phones.Select(Phone).OfType<string>().Select(p => "phone|" + p));
        keys.AddRange(person.Emails.Where(e => e.Contains('@', StringComparison.Ordinal)).Select(e => "email|" + e.Trim().ToLowerInvariant()));
        if (person.DateOfBirth is { Year: > 0 } born && Fold(person.Name?.GivenNamesLatin + " " + person.Name?.FamilyNameLatin) is { Length: > 0 } name)
        {
            keys.Add(string.Create(CultureInfo.InvariantCulture, $"name|{name}|{born.Year}-{born.Month}-{born.Day}"));
        }

        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string> Organisation(Organisation organisation) =>
        organisation.Aliases.Prepend(organisation.Name).Select(Fold).Where(k => k.Length > 0).Select(k => "org|" + k).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Upper case letters and digits only, the tokens sorted: "al-Salhi, Mohamed" and "MOHAMED AL SALHI" agree.</summary>
    private static string Fold(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                current.Append(Rune.ToUpperInvariant(rune).ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        tokens.Sort(StringComparer.Ordinal);
        return string.Join(' ', tokens);
    }

    private static string Identifier(string text) => string.Concat(text.Where(char.IsLetterOrDigit)).ToUpperInvariant();

    /// <summary>Only numbers written internationally (+ or 00) are comparable without knowing the country.</summary>
    private static string? Phone(string text)
    {
        var trimmed = text.Trim();
        var digits = string.Concat(trimmed.Where(char.IsAsciiDigit));
        if (trimmed.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        else if (!trimmed.StartsWith('+'))
        {
            return null;
        }

        return digits.Length >= 8 ? "+" + digits : null;
    }
}
