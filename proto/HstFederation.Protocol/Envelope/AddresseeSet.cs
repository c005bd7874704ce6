using System.Collections.Frozen;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>One message's addressees resolved into sets, so each membership test is O(1).</summary>
internal sealed class AddresseeSet
{
    private readonly HandlingCode _code;
    private readonly bool _allMembers;
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _excluded = new(StringComparer.Ordinal);

    public AddresseeSet(Handling handling, FrozenDictionary<string, FrozenSet<string>> regions)
    {
        _code = handling.Code;
        var addressees = handling.Addressees ?? new Addressees();
        _allMembers = addressees.AllMembers;
        _excluded.UnionWith(addressees.ExcludedMembers);
        _members.UnionWith(addressees.Members);
        foreach (var region in addressees.Regions)
        {
            if (regions.TryGetValue(region, out var members))
            {
                _members.UnionWith(members);
            }
        }
    }

    public bool IsExcluded(PartyId party) => !party.IsHub && _excluded.Contains(party.Code);

    /// <summary>Named, in a named region, or covered by "all members" — and not excluded.</summary>
    public bool IsAddressed(PartyId party) =>
        !party.IsHub && !IsExcluded(party) && (_allMembers || _members.Contains(party.Code));

    public string? CheckRecipients(bool hubMayRead, IReadOnlyCollection<PartyId> recipients)
    {
        var hubIncluded = recipients.Any(r => r.IsHub);
        if (hubIncluded != hubMayRead)
        {
            return hubMayRead
                ? "handling lets the hub read but the hub is not a recipient"
                : "the hub is a recipient but handling says it may not read";
        }

        foreach (var member in recipients.Where(r => !r.IsHub))
        {
            if (IsExcluded(member))
            {
                return $"{member} is excluded by the handling";
            }

            if (!IsAddressed(member))
            {
                return $"{member} is not among the addressees";
            }
        }

        return null;
    }

    public string? CheckForward(PartyId added, IReadOnlySet<string> consented)
    {
        if (added.IsHub)
        {
            return "the hub cannot be added by a forward";
        }

        if (IsExcluded(added))
        {
            return $"{added} is excluded by the handling";
        }

        return _code switch
        {
            HandlingCode.H0 => null,
            HandlingCode.H1 => IsAddressed(added) ? null : $"H1 allows forwarding only within the addressees; {added} is not addressed",
            HandlingCode.H2 => consented.Contains(added.Uri) ? null : $"H2 needs the source's consent and {added} is not in it",
            HandlingCode.H3 => "H3 forbids any onward dissemination",
            _ => "the handling code is not set",
        };
    }
}
