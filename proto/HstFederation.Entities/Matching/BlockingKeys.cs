namespace HstFederation.Entities.Matching;

/// <summary>
/// The blocking keys of a person (docs/matching.md §3): only indexed persons sharing a key with the query
/// are scored. Keys are built from the phonetic keys (Normalisation.PhoneticKey) of the name tokens, so
/// transliteration variants share them:
/// <list type="bullet">
/// <item>"p": every pair of a name form's token keys, in any order: two names agree, whatever the birth date
/// (the family names and the given names run together count as tokens too: "al tamimi" / "altamimi");</item>
/// <item>"j": the tokens run together, family first and given first: "Abdul Rahman" / "Abdulrahman";</item>
/// <item>"y": each token key with the birth year: one name agrees and the year does;</item>
/// <item>"i": each pair of token initials with the birth year: both names have typos, the year agrees;</item>
/// <item>"d": the full date of birth, and for a query also with day and month swapped: whatever the names,
/// a pair whose dates agree is scored (about 50 persons a day in a million).</item>
/// </list>
/// A query looks its year keys up for the year before and after as well (a year typo). Keys are stored as
/// 64-bit FNV-1a hashes: a collision only adds a candidate, which scoring then rejects. A pair that no key
/// joins cannot reach the default threshold without a shared identifier, and shared identifiers have their
/// own postings (<see cref="EntityIndex"/>): one name alone without a year scores at most about 0.5.
/// </summary>
internal static class BlockingKeys
{
    public static ulong[] ForIndex(PreparedPerson person) => [.. Keys(person, query: false).Distinct()];

    public static ulong[] ForQuery(PreparedPerson person) => [.. Keys(person, query: true).Distinct()];

    private static IEnumerable<ulong> Keys(PreparedPerson person, bool query)
    {
        var year = person.DateOfBirth?.Year;
        int[] years = year is not { } y ? [] : query ? [y - 1, y, y + 1] : [y];
        if (person.DateOfBirth is { HasDay: true } date)
        {
            yield return Hash("d", "", "", (date.Year * 10000) + (date.Month * 100) + date.Day);
            if (query && date.Day <= 12)
            {
                yield return Hash("d", "", "", (date.Year * 10000) + (date.Day * 100) + date.Month);
            }
        }

        foreach (var name in person.Names)
        {
            // The family and given names run together count as tokens too: "al tamimi" / "altamimi".
            var tokens = name.All.Append(name.FamilyJoined).Append(name.GivenJoined).Where(t => t.Text.Length > 0)
                .Select(Token).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < tokens.Length; i++)
            {
                for (var j = i + 1; j < tokens.Length; j++)
                {
                    yield return Hash("p", tokens[i], tokens[j], 0);
                }

                foreach (var born in years)
                {
                    yield return Hash("y", tokens[i], "", born);
                }
            }

            yield return Hash("j", Token(name.Joined), "", 0);
            yield return Hash("j", Token(name.JoinedSwapped), "", 0);
            var initials = name.All.Select(t => t.Text[..1]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < initials.Length; i++)
            {
                for (var j = i + 1; j < initials.Length; j++)
                {
                    foreach (var born in years)
                    {
                        yield return Hash("i", initials[i], initials[j], born);
                    }
                }
            }
        }
    }

    /// <summary>A token's phonetic key, or its text when it has no consonant ("aya").</summary>
    private static string Token(Prepared token) => token.Key.Length > 0 ? token.Key : "=" + token.Text;

    private static ulong Hash(string kind, string a, string b, int year)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in new[] { kind, a, b })
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0xFFFF) * 1099511628211UL;
        }

        return (hash ^ (uint)year) * 1099511628211UL;
    }
}
