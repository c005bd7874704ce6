namespace HstFederation.Protocol.Validation;

/// <summary>
/// Enum fields. A number the protocol does not define (an unknown value from the wire) is
/// <see cref="ErrorCodes.InvalidEnum"/>; UNSPECIFIED (0) where a value is needed is <see cref="ErrorCodes.Required"/>.
/// </summary>
internal static class EnumRules
{
    /// <summary>A field that must hold a defined value other than UNSPECIFIED.</summary>
    public static bool Required<T>(ValidationContext context, string parent, string field, T value)
        where T : struct, Enum
    {
        if (EqualityComparer<T>.Default.Equals(value, default))
        {
            context.Add(parent, field, ErrorCodes.Required, $"{Article(typeof(T).Name)} {typeof(T).Name} value other than UNSPECIFIED is required.");
            return false;
        }

        return Defined(context, parent, field, value);
    }

    /// <summary>
    /// "An" before a vowel (InformationAccuracy, EntityKind, OrganisationKind): every enum the protocol defines reads with
    /// the article its first letter suggests (none begins with a sounded-as-consonant vowel such as "Unit").
    /// </summary>
    private static string Article(string name) => "AEIOU".Contains(name[0], StringComparison.Ordinal) ? "An" : "A";

    /// <summary>A field that may be UNSPECIFIED but otherwise must hold a defined value.</summary>
    public static bool Defined<T>(ValidationContext context, string parent, string field, T value)
        where T : struct, Enum
    {
        if (Enum.IsDefined(value))
        {
            return true;
        }

        context.Add(parent, field, ErrorCodes.InvalidEnum, $"{Convert.ToInt64(value, null)} is not a defined {typeof(T).Name} value.");
        return false;
    }

    /// <summary>An element of an enum list: defined and not UNSPECIFIED.</summary>
    public static bool Item<T>(ValidationContext context, string itemPath, T value)
        where T : struct, Enum
    {
        if (!EqualityComparer<T>.Default.Equals(value, default) && Enum.IsDefined(value))
        {
            return true;
        }

        context.Add(itemPath, ErrorCodes.InvalidEnum, $"{Convert.ToInt64(value, null)} is not a defined {typeof(T).Name} value other than UNSPECIFIED.");
        return false;
    }
}
