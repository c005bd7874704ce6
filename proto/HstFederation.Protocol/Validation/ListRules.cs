namespace HstFederation.Protocol.Validation;

/// <summary>List sizes and indexes into the message's lists.</summary>
internal static class ListRules
{
    /// <summary>Reports a list over its limit; returns how many elements to validate (at most the limit).</summary>
    public static int Count(ValidationContext context, string parent, string list, int count, int max)
    {
        if (count <= max)
        {
            return count;
        }

        context.Add(parent, list, ErrorCodes.TooMany, $"At most {max} elements are allowed.");
        return max;
    }

    /// <summary>Checks that <paramref name="index"/> points at one of <paramref name="count"/> elements of <paramref name="target"/>.</summary>
    public static bool Index(ValidationContext context, string path, uint index, int count, string target)
    {
        if (index < (uint)count)
        {
            return true;
        }

        context.Add(path, ErrorCodes.InvalidIndex, $"Index {index} does not point at one of the {count} elements of {target}.");
        return false;
    }

    /// <summary>Checks a list of indexes into <paramref name="target"/>.</summary>
    public static void Indexes(ValidationContext context, string parent, string list, IReadOnlyList<uint> indexes, int count, string target)
    {
        var checkedCount = Count(context, parent, list, indexes.Count, HstMessageLimits.MaxIndexesPerList);
        for (var i = 0; i < checkedCount; i++)
        {
            if (indexes[i] >= (uint)count)
            {
                Index(context, FieldPath.Item(parent, list, i), indexes[i], count, target);
            }
        }
    }
}
