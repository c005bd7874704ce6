using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>
/// Member arguments: ISO 3166-1 alpha-2 codes in either case ("FR", "fr") or party URIs ("urn:hst:member:FR").
/// The one place a typed code is normalised: the node and `./hst up` accept "fr" too, so the hub must not refuse it.
/// </summary>
internal static class MemberCodes
{
    public static PartyId Parse(string text)
    {
        // Only a bare code is upper-cased: a party URI is the protocol's canonical form and stays exact.
        var code = text.ToUpperInvariant();
        if (CountryCodes.IsAssigned(code))
        {
            return PartyId.Member(code);
        }

        return PartyId.TryParse(text, out var party) && !party.IsHub
            ? party
            : throw new CommandUsageException($"'{text}' is not a member: give an ISO 3166-1 alpha-2 code such as FR.");
    }

    /// <summary>A comma-separated list ("FR,DE,IT"), each once.</summary>
    public static IReadOnlyList<PartyId> ParseList(string list, string option)
    {
        var codes = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (codes.Length == 0)
        {
            throw new CommandUsageException($"{option} needs at least one country code.");
        }

        var parties = codes.Select(Parse).ToList();
        var twice = parties.GroupBy(party => party).Where(group => group.Count() > 1).Select(group => group.Key.Code).ToList();
        return twice.Count == 0 ? parties : throw new CommandUsageException($"{option}: given twice: {string.Join(", ", twice)}.");
    }
}
