namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Organisation names and aliases (docs/matching.md §1): folded like person names (<see cref="NameText"/>:
/// any script to Latin, case, diacritics), dots and apostrophes dropped inside a word ("S.A." → "sa"), other
/// punctuation separating words, "&amp;" read as "and", a leading "the" dropped, and trailing legal-form words
/// removed ("Balkan Express d.o.o." → "balkan express", "Sahara Travel LLC" → "sahara travel"). A name made of
/// legal-form words only is kept whole.
/// </summary>
internal static class OrganisationNames
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "ltd", "limited", "llc", "llp", "lp", "plc", "inc", "incorporated", "corp", "corporation", "co", "company",
        "gmbh", "ag", "kg", "ug", "ohg", "ev", "sa", "sarl", "sas", "sasu", "eurl", "srl", "spa", "sl", "slu", "bv",
        "nv", "vof", "oy", "oyj", "ab", "as", "asa", "aps", "doo", "dd", "ad", "ood", "eood", "ooo", "oao", "zao",
        "pao", "ao", "tov", "pp", "sro", "kft", "zrt", "nyrt", "sp", "z", "oo", "zoo", "jsc", "pjsc", "fze", "fzco",
        "fzc", "fzllc", "wll", "spc", "pte", "pty", "bhd", "sdn", "sti", "ltdsti",
    };

    public static string Normalise(string? name)
    {
        var words = NameText.Tokens((name ?? "").Replace(".", "", StringComparison.Ordinal).Replace("&", " and ", StringComparison.Ordinal)).ToList();
        if (words.Count > 1 && words[0] == "the")
        {
            words.RemoveAt(0);
        }

        var end = words.Count;
        while (end > 0 && LegalForms.Contains(words[end - 1]))
        {
            end--;
        }

        return string.Join(' ', end == 0 ? words : words.Take(end));
    }
}
