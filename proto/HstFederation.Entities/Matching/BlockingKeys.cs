namespace HstFederation.Entities.Matching;

/// <summary>
/// The blocking keys of a person (docs/matching.md §3): the phonetic key (Normalisation.PhoneticKey) of every name token of every name
/// form, so a candidate shares at least one key with any person it could match by name. A token without
/// consonants ("aya") keys by its text.
/// </summary>
internal static class BlockingKeys
{
    public static IReadOnlyList<string> Of(PreparedPerson person) =>
        [.. person.Names.SelectMany(n => n.All).Select(Key).Distinct(StringComparer.Ordinal)];

    public static string Key(Prepared token) => token.Key.Length > 0 ? token.Key : "=" + token.Text;
}
