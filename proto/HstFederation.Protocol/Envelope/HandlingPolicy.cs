using System.Collections.Frozen;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Who may hold a message under its signed handling (ARCHITECTURE §5, docs/protocol.md §7.4).
/// Regions are named groups of members published by the hub in the signed member directory.
/// </summary>
public sealed class HandlingPolicy
{
    public const int MaxRegionNameLength = 64;

    private readonly FrozenDictionary<string, FrozenSet<string>> _regions;

    public HandlingPolicy(IReadOnlyDictionary<string, IReadOnlyCollection<string>>? regions = null)
    {
        _regions = (regions ?? new Dictionary<string, IReadOnlyCollection<string>>())
            .ToFrozenDictionary(r => r.Key, r => r.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public static HandlingPolicy WithoutRegions { get; } = new();

    public static bool IsValidRegionName(string name) =>
        name.Length is > 0 and <= MaxRegionNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The source's own recipient list: the hub iff it may read, every member addressed.</summary>
    public string? CheckRecipients(Handling handling, IReadOnlyCollection<PartyId> recipients) =>
        Addressees(handling).CheckRecipients(handling.HubMayRead, recipients);

    /// <summary>Whether the hub may extend the audience to <paramref name="added"/>.</summary>
    /// <param name="consented">Party URIs named in a valid consent from the source (H2).</param>
    public string? CheckForward(Handling handling, PartyId added, IReadOnlySet<string> consented) =>
        Addressees(handling).CheckForward(added, consented);

    /// <summary>The handling's addressees as sets, built once per envelope.</summary>
    internal AddresseeSet Addressees(Handling handling) => new(handling, _regions);
}
