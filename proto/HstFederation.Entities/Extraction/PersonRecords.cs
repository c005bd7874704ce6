using HstFederation.Entities.Normalisation;
using HstFederation.Protocol.V1;
using static HstFederation.Entities.Extraction.EntityPaths;

namespace HstFederation.Entities.Extraction;

/// <summary>
/// A person's name forms, date of birth and nationalities (docs/matching.md §1). Each name (the name and
/// every alias) gives its Latin fields as a split form, and its original script transliterated as an
/// unsplit form: when the Latin fields are missing that is the only form, and when both are given the
/// transliteration lets another source's own romanisation of the same original match.
/// </summary>
internal static class PersonRecords
{
    public static PersonRecord Create(Person person, string path, IReadOnlyList<ExtractedIdentifier> identifiers)
    {
        var names = new List<PersonNameForm>();
        AddName(names, person.Name, "name");
        for (var i = 0; i < person.Aliases.Count; i++)
        {
            AddName(names, person.Aliases[i], Item("", "aliases", i));
        }

        var nationalities = person.Nationalities.Select(Countries.Normalise).Where(c => c.Length == 2)
            .Distinct(StringComparer.Ordinal).ToList();
        return new PersonRecord(path, names, BirthDateOf(person.DateOfBirth), nationalities, identifiers);
    }

    /// <summary>A partial date with a plausible year; a month or day out of range counts as unknown.</summary>
    public static BirthDate? BirthDateOf(PartialDate? date)
    {
        if (date is null || date.Year is < 1850 or > 2200)
        {
            return null;
        }

        var month = date.Month is >= 1 and <= 12 ? (int)date.Month : 0;
        var day = month > 0 && date.Day is >= 1 and <= 31 ? (int)date.Day : 0;
        return new BirthDate((int)date.Year, month, day);
    }

    private static void AddName(List<PersonNameForm> names, PersonName? name, string source)
    {
        if (name is null)
        {
            return;
        }

        var family = NameText.Tokens(name.FamilyNameLatin);
        var given = NameText.Tokens(name.GivenNamesLatin);
        if (family.Count > 0 || given.Count > 0)
        {
            names.Add(new PersonNameForm(family, given, Split: true, source));
        }

        var original = NameText.Tokens(name.OriginalScript);
        var latin = family.Concat(given).ToHashSet(StringComparer.Ordinal);
        if (original.Count > 0 && !original.All(latin.Contains))
        {
            names.Add(new PersonNameForm(original, [], Split: false, Field(source, "original_script")));
        }
    }
}
