using System.Text.RegularExpressions;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// A person factor's agreement as one side may read it. The matcher notes which name forms it compared, both sides'
/// paths — "similar 0.91 (aliases[0] / name.original_script)", the new message's form first — and a notification names
/// only the recipient's own paths: "similar 0.91 (your aliases[0])".
/// </summary>
internal static partial class FactorText
{
    public static string ForSide(string agreement, bool newSide) =>
        Via().Replace(agreement, match =>
        {
            var parts = match.Groups["parts"].Value.Split("; ", StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split(" / ") is [var mine, var theirs] ? "your " + (newSide ? mine : theirs) : part);
            return " (" + string.Join("; ", parts) + ")";
        });

    [GeneratedRegex(@" \((?<parts>[^()]*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Via();
}
