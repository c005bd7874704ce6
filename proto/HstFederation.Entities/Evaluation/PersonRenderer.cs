using AnyAscii;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Evaluation;

/// <summary>
/// Writes a corpus identity down as one source would (docs/matching.md §4): a romanisation or spelling of
/// its own choosing, the original script or not, and, for the variant records, the recording errors the
/// corpus measures (typos, missing or swapped fields, partial dates, aliases).
/// </summary>
internal sealed class PersonRenderer(Random random)
{
    /// <summary>The record of the indexed side: clean apart from some partial dates.</summary>
    public Person Base(CorpusIdentity identity, int spelling)
    {
        var (family, given, original) = Names(identity, spelling);
        var person = NewPerson(family, given, random.NextDouble() < 0.55 ? original : "");
        person.DateOfBirth = random.NextDouble() switch
        {
            < 0.05 => null,
            < 0.10 => new PartialDate { Year = (uint)identity.Born.Year },
            _ => Full(identity.Born),
        };
        person.Nationalities.Add(identity.Nationality);
        AddIdentifiers(person, identity, 1.0);
        return person;
    }

    /// <summary>The record of the querying side: another spelling and the corpus's perturbations.</summary>
    public Person Variant(CorpusIdentity identity, int baseSpelling)
    {
        var (family, given, original) = Names(identity, baseSpelling + 1 + random.Next(3));
        var originalOnly = identity.Origin != NameOrigin.Latin && random.NextDouble() < 0.15;
        if (random.NextDouble() < 0.12)
        {
            family = Typo(family);
        }

        if (random.NextDouble() < 0.08)
        {
            given = Typo(given);
        }

        if (random.NextDouble() < 0.08)
        {
            given += " " + GivenName(identity.Origin, random.Next(Pool(identity.Origin)), 0);
        }
        else if (random.NextDouble() < 0.10)
        {
            given = "";
        }

        if (random.NextDouble() < 0.07)
        {
            (family, given) = (given, family);
        }

        var person = originalOnly ? NewPerson("", "", original) : NewPerson(family, given, random.NextDouble() < 0.3 ? original : "");
        if (random.NextDouble() < 0.05)
        {
            // Known under another name; the true one is an alias.
            person.Aliases.Add(person.Name);
            person.Name = new PersonName
            {
                FamilyNameLatin = FamilyName(identity.Origin, random.Next(FamilyPool(identity.Origin)), 0),
                GivenNamesLatin = GivenName(identity.Origin, random.Next(Pool(identity.Origin)), 1),
            };
        }

        person.DateOfBirth = VariantDate(identity.Born);
        var nationality = random.NextDouble();
        if (nationality >= 0.25)
        {
            person.Nationalities.Add(nationality < 0.30 ? Countries(identity.Origin)[random.Next(Countries(identity.Origin).Length)] : identity.Nationality);
        }

        AddIdentifiers(person, identity, 0.5);
        return person;
    }

    /// <summary>A different person with the same family name and birth year (a sibling, a cousin).</summary>
    public Person Relative(CorpusIdentity identity, int spelling)
    {
        var pool = Pool(identity.Origin);
        var other = (identity.Given + 1 + random.Next(pool - 1)) % pool;
        var (family, _, _) = Names(identity, spelling);
        var person = NewPerson(family, GivenName(identity.Origin, other, spelling), "");
        person.DateOfBirth = new PartialDate { Year = (uint)identity.Born.Year, Month = (uint)random.Next(1, 13), Day = (uint)random.Next(1, 29) };
        person.Nationalities.Add(identity.Nationality);
        return person;
    }

    /// <summary>A different person with the same names, born in the same year on another day.</summary>
    public Person Namesake(CorpusIdentity identity, int spelling)
    {
        var (family, given, original) = Names(identity, spelling);
        var person = NewPerson(family, given, random.NextDouble() < 0.3 ? original : "");
        var born = identity.Born.AddDays(random.Next(20, 340) * (random.Next(2) == 0 ? 1 : -1));
        person.DateOfBirth = Full(new DateOnly(identity.Born.Year, born.Month, Math.Min(born.Day, 28)));
        person.Nationalities.Add(identity.Nationality);
        return person;
    }

    public static int Pool(NameOrigin origin) => origin switch
    {
        NameOrigin.Cyrillic => NamePools.CyrillicGiven.Length,
        NameOrigin.Arabic => NamePools.ArabicGiven.Length,
        NameOrigin.Greek => NamePools.GreekGiven.Length,
        _ => NamePools.LatinGiven.Length,
    };

    public static int FamilyPool(NameOrigin origin) => origin switch
    {
        NameOrigin.Cyrillic => NamePools.CyrillicFamily.Length,
        NameOrigin.Arabic => NamePools.ArabicFamily.Length,
        NameOrigin.Greek => NamePools.GreekFamily.Length,
        _ => NamePools.LatinFamily.Length,
    };

    public static string[] Countries(NameOrigin origin) => origin switch
    {
        NameOrigin.Cyrillic => NamePools.CyrillicCountries,
        NameOrigin.Arabic => NamePools.ArabicCountries,
        NameOrigin.Greek => NamePools.GreekCountries,
        _ => NamePools.LatinCountries,
    };

    private (string Family, string Given, string Original) Names(CorpusIdentity identity, int spelling)
    {
        var given = GivenName(identity.Origin, identity.Given, spelling);
        var originalGiven = OriginalGiven(identity.Origin, identity.Given);
        if (identity.SecondGiven >= 0)
        {
            given += " " + GivenName(identity.Origin, identity.SecondGiven, spelling);
            originalGiven += " " + OriginalGiven(identity.Origin, identity.SecondGiven);
        }

        var original = identity.Origin == NameOrigin.Latin ? "" : originalGiven + " " + OriginalFamily(identity.Origin, identity.Family);
        return (FamilyName(identity.Origin, identity.Family, spelling), given, original);
    }

    private static string GivenName(NameOrigin origin, int index, int spelling) => origin switch
    {
        NameOrigin.Cyrillic => Romanisations.Romanise(NamePools.CyrillicGiven[index], spelling % Romanisations.Count),
        NameOrigin.Arabic => Spelling(NamePools.ArabicGiven[index].Latin, spelling),
        NameOrigin.Greek => Spelling(NamePools.GreekGiven[index].Latin, spelling),
        _ => spelling % 2 == 0 ? NamePools.LatinGiven[index] : NamePools.LatinGiven[index].Transliterate(),
    };

    private static string FamilyName(NameOrigin origin, int index, int spelling) => origin switch
    {
        NameOrigin.Cyrillic => Romanisations.Romanise(NamePools.CyrillicFamily[index], spelling % Romanisations.Count),
        NameOrigin.Arabic => Spelling(NamePools.ArabicFamily[index].Latin, spelling),
        NameOrigin.Greek => Spelling(NamePools.GreekFamily[index].Latin, spelling),
        _ => spelling % 2 == 0 ? NamePools.LatinFamily[index] : NamePools.LatinFamily[index].Transliterate(),
    };

    private static string OriginalGiven(NameOrigin origin, int index) => origin switch
    {
        NameOrigin.Cyrillic => NamePools.CyrillicGiven[index],
        NameOrigin.Arabic => NamePools.ArabicGiven[index].Original,
        NameOrigin.Greek => NamePools.GreekGiven[index].Original,
        _ => "",
    };

    private static string OriginalFamily(NameOrigin origin, int index) => origin switch
    {
        NameOrigin.Cyrillic => NamePools.CyrillicFamily[index],
        NameOrigin.Arabic => NamePools.ArabicFamily[index].Original,
        NameOrigin.Greek => NamePools.GreekFamily[index].Original,
        _ => "",
    };

    private static string Spelling(string[] spellings, int spelling) => spellings[spelling % spellings.Length];

    private PartialDate? VariantDate(DateOnly born) => random.NextDouble() switch
    {
        < 0.08 => null,
        < 0.16 => new PartialDate { Year = (uint)born.Year },
        < 0.21 => new PartialDate { Year = (uint)born.Year, Month = (uint)born.Month },
        < 0.29 when born.Day <= 12 && born.Day != born.Month => new PartialDate { Year = (uint)born.Year, Month = (uint)born.Day, Day = (uint)born.Month },
        < 0.31 => new PartialDate { Year = (uint)born.Year + 1, Month = (uint)born.Month, Day = (uint)born.Day },
        < 0.33 => new PartialDate { Year = (uint)born.Year, Month = (uint)born.Month, Day = (uint)(born.Day % 28) + 1 },
        _ => Full(born),
    };

    private string Typo(string text)
    {
        if (text.Length < 4)
        {
            return text;
        }

        var at = 1 + random.Next(text.Length - 2);
        return random.Next(4) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, ((char)('a' + random.Next(26))).ToString()),
            2 => text[..at] + (char)('a' + random.Next(26)) + text[(at + 1)..],
            _ => text[..at] + text[at + 1] + text[at] + text[(at + 2)..],
        };
    }

    private void AddIdentifiers(Person person, CorpusIdentity identity, double probability)
    {
        if (identity.Phone is not null && random.NextDouble() < probability)
        {
            person.Phones.Add(identity.Phone);
        }

        if (identity.Passport is not null && random.NextDouble() < probability)
        {
            person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = identity.Passport, IssuingCountry = identity.Nationality });
        }
    }

    private static PartialDate Full(DateOnly date) => new() { Year = (uint)date.Year, Month = (uint)date.Month, Day = (uint)date.Day };

    private static Person NewPerson(string family, string given, string original) =>
        new() { Name = new PersonName { FamilyNameLatin = family, GivenNamesLatin = given, OriginalScript = original } };
}
