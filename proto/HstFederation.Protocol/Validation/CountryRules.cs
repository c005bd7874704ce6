using HstFederation.Protocol.Identities;

namespace HstFederation.Protocol.Validation;

/// <summary>Country fields: assigned upper-case ISO 3166-1 alpha-2 codes.</summary>
internal static class CountryRules
{
    private const string Explanation = "Expected an assigned ISO 3166-1 alpha-2 code in upper case, e.g. \"FR\".";

    public static bool Check(ValidationContext context, string parent, string field, string value, bool required)
    {
        context.CountText(value.Length);
        if (value.Length == 0)
        {
            if (required)
            {
                context.Add(parent, field, ErrorCodes.Required, "A country code is required.");
            }

            return false;
        }

        if (!CountryCodes.IsAssigned(value))
        {
            context.Add(parent, field, ErrorCodes.InvalidCountry, Explanation);
            return false;
        }

        return true;
    }

    /// <summary>Checks a list of country codes: count and each element.</summary>
    public static void CheckList(ValidationContext context, string parent, string list, IReadOnlyList<string> values, int max)
    {
        var count = ListRules.Count(context, parent, list, values.Count, max);
        for (var i = 0; i < count; i++)
        {
            context.CountText(values[i].Length);
            if (!CountryCodes.IsAssigned(values[i]))
            {
                context.Add(FieldPath.Item(parent, list, i), ErrorCodes.InvalidCountry, Explanation);
            }
        }
    }
}
