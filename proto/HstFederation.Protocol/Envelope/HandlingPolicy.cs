using System.Collections.Frozen;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Who may hold a message under its signed handling (ARCHITECTURE §5, docs/protocol.md §7).
/// Regions are named groups of members published by the hub in the signed member directory.
/// </summary>
public sealed class HandlingPolicy
{
    private readonly FrozenDictionary<string, FrozenSet<string>> _regions;

    public HandlingPolicy(IReadOnlyDictionary<string, IReadOnlyCollection<string>>? regions = null)
    {
        _regions = (regions ?? new Dictionary<string, IReadOnlyCollection<string>>())
            .ToFrozenDictionary(r => r.Key, r => r.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public static HandlingPolicy WithoutRegions { get; } = new();

    public bool IsExcluded(Handling handling, PartyId party) =>
        !party.IsHub && handling.Addressees is { } a && a.ExcludedMembers.Contains(party.Code);

    /// <summary>Named, in a named region, or covered by "all members" — and not excluded.</summary>
    public bool IsAddressed(Handling handling, PartyId party)
    {
        if (party.IsHub || handling.Addressees is not { } a || IsExcluded(handling, party))
        {
            return false;
        }

        return a.AllMembers
            || a.Members.Contains(party.Code)
            || a.Regions.Any(r => _regions.TryGetValue(r, out var members) && members.Contains(party.Code));
    }

    /// <summary>The source's own recipient list: the hub iff it may read, every member addressed.</summary>
    public string? CheckRecipients(Handling handling, IReadOnlyCollection<PartyId> recipients)
    {
        var hubIncluded = recipients.Any(r => r.IsHub);
        if (hubIncluded != handling.HubMayRead)
        {
            return handling.HubMayRead
                ? "handling lets the hub read but the hub is not a recipient"
                : "the hub is a recipient but handling says it may not read";
        }

        foreach (var member in recipients.Where(r => !r.IsHub))
        {
            if (IsExcluded(handling, member))
            {
                return $"{member} is excluded by the handling";
            }

            if (!IsAddressed(handling, member))
            {
                return $"{member} is not among the addressees";
            }
        }

        return null;
    }

    /// <summary>Whether the hub may extend the audience to <paramref name="added"/>.</summary>
    /// <param name="consented">Parties named in a valid consent from the source (H2).</param>
    public string? CheckForward(Handling handling, PartyId added, IReadOnlySet<string> consented)
    {
        if (added.IsHub)
        {
            return "the hub cannot be added by a forward";
        }

        if (IsExcluded(handling, added))
        {
            return $"{added} is excluded by the handling";
        }

        return handling.Code switch
        {
            HandlingCode.H0 => null,
            HandlingCode.H1 => IsAddressed(handling, added) ? null : $"H1 allows forwarding only within the addressees; {added} is not addressed",
            HandlingCode.H2 => consented.Contains(added.Uri) ? null : $"H2 needs the source's consent and {added} is not in it",
            HandlingCode.H3 => "H3 forbids any onward dissemination",
            _ => "the handling code is not set",
        };
    }
}
