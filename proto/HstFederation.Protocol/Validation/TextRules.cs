namespace HstFederation.Protocol.Validation;

/// <summary>
/// Presence, length and encoding of text fields. Content is otherwise arbitrary Unicode: quotes, SQL
/// metacharacters, markup and bidirectional marks are data, stored byte-exact by the other layers.
/// </summary>
internal static class TextRules
{
    /// <summary>Checks the text field <paramref name="field"/> of <paramref name="parent"/>; false when blank or unusable.</summary>
    public static bool Check(ValidationContext context, string parent, string field, string value, int maxLength, bool required = false)
    {
        context.CountText(value.Length);
        if (value.Length <= maxLength && string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                context.Add(parent, field, ErrorCodes.Required, "A non-blank value is required.");
            }

            return false;
        }

        var problem = Problem(value, maxLength);
        if (problem is not null)
        {
            context.Add(parent, field, problem, Explain(problem, maxLength));
            return false;
        }

        return true;
    }

    /// <summary>Checks one element of a list of texts, which must not be blank.</summary>
    public static bool CheckItem(ValidationContext context, string parent, string list, int index, string value, int maxLength)
    {
        context.CountText(value.Length);
        if (value.Length <= maxLength && string.IsNullOrWhiteSpace(value))
        {
            context.Add(FieldPath.Item(parent, list, index), ErrorCodes.Required, "A non-blank value is required.");
            return false;
        }

        var problem = Problem(value, maxLength);
        if (problem is not null)
        {
            context.Add(FieldPath.Item(parent, list, index), problem, Explain(problem, maxLength));
            return false;
        }

        return true;
    }

    public static bool HasText(string value) => !string.IsNullOrWhiteSpace(value);

    private static string? Problem(string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            return ErrorCodes.TooLong;
        }

        return IsWellFormedUtf16(value) ? null : ErrorCodes.InvalidEncoding;
    }

    private static string Explain(string problem, int maxLength) => problem == ErrorCodes.TooLong
        ? $"At most {maxLength} characters are allowed."
        : "The text contains an unpaired surrogate and is not valid Unicode.";

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
