namespace HstFederation.Node.Storage;

/// <summary>
/// The SQL of a <see cref="ContentFilter"/>: one fixed fragment over the summary alias <c>s</c>, with the
/// allowed lists bound as JSON arrays of enum numbers (<c>json_each</c>), so the text never varies with the
/// filter and no value is ever spliced into it. <c>s.handling_code</c> is the handling in force: a restriction by the
/// source updates it with the copy's effective_handling (docs/lifecycle.md §8), so a scope is never judged by a code
/// no longer in force.
/// </summary>
internal static class ContentFilterSql
{
    public const string Where = """
        AND ($handling IS NULL OR s.handling_code IN (SELECT value FROM json_each($handling)))
        AND ($crimes_any IS NULL OR EXISTS (
            SELECT 1 FROM message_crime_types c
            WHERE c.box = s.box AND c.local_id = s.local_id AND c.crime_type IN (SELECT value FROM json_each($crimes_any))))
        AND ($crimes_all IS NULL OR (
            EXISTS (SELECT 1 FROM message_crime_types c WHERE c.box = s.box AND c.local_id = s.local_id)
            AND NOT EXISTS (
                SELECT 1 FROM message_crime_types c
                WHERE c.box = s.box AND c.local_id = s.local_id AND c.crime_type NOT IN (SELECT value FROM json_each($crimes_all)))))
        """;

    public static (string Name, object? Value)[] Parameters(ContentFilter? filter)
    {
        var crimes = Json(filter?.CrimeTypes?.Select(c => (int)c));
        var all = filter?.CrimeTypeMatch == CrimeTypeMatch.All;
        return
        [
            ("$handling", Json(filter?.HandlingCodes?.Select(h => (int)h))),
            ("$crimes_any", all ? null : crimes),
            ("$crimes_all", all ? crimes : null),
        ];
    }

    /// <summary>"[1,3]" from enum numbers; null for no restriction.</summary>
    private static string? Json(IEnumerable<int>? values) =>
        values is null ? null : "[" + string.Join(',', values.Distinct().Order()) + "]";
}
