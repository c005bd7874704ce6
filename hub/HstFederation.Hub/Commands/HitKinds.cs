using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`hits --kind`: a match kind by the name ledger prints for it (person, phone, identitydocument, ...).</summary>
internal static class HitKinds
{
    public const string Option = "--kind";

    public static IEnumerable<string> Names =>
        Enum.GetValues<MatchKind>().Where(kind => kind != MatchKind.Unspecified).Select(LedgerJson.Kind);

    /// <summary>Case and the dashes or underscores of a spelled-out name (identity-document, IDENTITY_DOCUMENT) do not matter.</summary>
    public static MatchKind Parse(string text)
    {
        var name = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        foreach (var kind in Enum.GetValues<MatchKind>())
        {
            if (kind != MatchKind.Unspecified && LedgerJson.Kind(kind) == name)
            {
                return kind;
            }
        }

        throw new CommandUsageException($"{Option} is one of {string.Join(", ", Names)}; not '{text}'.");
    }
}
