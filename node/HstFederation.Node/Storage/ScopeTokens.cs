using Google.Protobuf.Reflection;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// The words operators write scopes in, and the numbers the table stores. Handling codes are "H0".."H3";
/// crime types are their hst.v1 names without the prefix, lower case with hyphens ("migrant-smuggling",
/// "child-trafficking"). "all" and "none" are the two special sets. Parsing is strict: any unknown word fails.
/// </summary>
internal static class ScopeTokens
{
    public const string All = "all";
    public const string None = "none";

    private static readonly EnumDescriptor HandlingDescriptor = HandlingReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(HandlingCode));
    private static readonly EnumDescriptor CrimeTypeDescriptor = HstMessageReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(CrimeType));

    public static ScopeSet<HandlingCode> ParseHandling(string text) => Parse<HandlingCode>(text, HandlingDescriptor, "HANDLING_CODE_");

    public static ScopeSet<CrimeType> ParseCrimeTypes(string text) => Parse<CrimeType>(text, CrimeTypeDescriptor, "CRIME_TYPE_");

    public static string Format(ScopeSet<HandlingCode> set) => Format(set, HandlingDescriptor, "HANDLING_CODE_");

    public static string Format(ScopeSet<CrimeType> set) => Format(set, CrimeTypeDescriptor, "CRIME_TYPE_");

    /// <summary>The handling words a scope accepts besides "all" and "none" (H0..H3).</summary>
    public static IReadOnlyList<string> HandlingWords => [.. HandlingDescriptor.Values.Where(v => v.Number != 0).Select(v => Word(v, "HANDLING_CODE_"))];

    /// <summary>The crime-type words a scope accepts besides "all" and "none".</summary>
    public static IReadOnlyList<string> CrimeTypeWords => [.. CrimeTypeDescriptor.Values.Where(v => v.Number != 0).Select(v => Word(v, "CRIME_TYPE_"))];

    /// <summary>Comma-separated enum numbers, as the agencies table stores them ("" for none).</summary>
    internal static string ToColumn<T>(ScopeSet<T> set)
        where T : struct, Enum =>
        string.Join(",", set.Items.Select(item => Convert.ToInt32(item, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Reads a stored column; an unknown number fails closed (the row is unusable, not widened).</summary>
    internal static ScopeSet<T> FromColumn<T>(bool all, string column)
        where T : struct, Enum
    {
        if (all)
        {
            return ScopeSet<T>.Everything;
        }

        var items = column.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(number => int.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var value) && value != 0 && Enum.IsDefined(typeof(T), value)
                ? (T)Enum.ToObject(typeof(T), value)
                : throw new InvalidDataException($"The agencies table holds an unknown {typeof(T).Name} number '{number}'."));
        return ScopeSet<T>.Of(items);
    }

    private static ScopeSet<T> Parse<T>(string text, EnumDescriptor descriptor, string prefix)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words is [var only] && string.Equals(only, All, StringComparison.OrdinalIgnoreCase))
        {
            return ScopeSet<T>.Everything;
        }

        if (words.Length == 0 || words is [var single] && string.Equals(single, None, StringComparison.OrdinalIgnoreCase))
        {
            return ScopeSet<T>.None;
        }

        var byWord = descriptor.Values.Where(v => v.Number != 0).ToDictionary(v => Word(v, prefix), v => v.Number, StringComparer.OrdinalIgnoreCase);
        var items = new List<T>();
        foreach (var word in words)
        {
            items.Add(byWord.TryGetValue(word, out var number)
                ? (T)Enum.ToObject(typeof(T), number)
                : throw new FormatException(
                    $"'{word}' is not a {typeof(T).Name} (use all, none, or a comma-separated list of: {string.Join(", ", byWord.Keys)})."));
        }

        return ScopeSet<T>.Of(items);
    }

    private static string Format<T>(ScopeSet<T> set, EnumDescriptor descriptor, string prefix)
        where T : struct, Enum =>
        set.All ? All
        : set.IsNone ? None
        : string.Join(",", set.Items.Select(item => Word(descriptor.FindValueByNumber(Convert.ToInt32(item, System.Globalization.CultureInfo.InvariantCulture)), prefix)));

    private static string Word(EnumValueDescriptor value, string prefix) =>
        prefix == "HANDLING_CODE_" ? value.Name[prefix.Length..] : value.Name[prefix.Length..].ToLowerInvariant().Replace('_', '-');
}
