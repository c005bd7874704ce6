using System.Diagnostics.CodeAnalysis;

namespace HstFederation.Protocol.Identities;

/// <summary>
/// A party of the federation, written as its URI: <c>urn:hst:member:FR</c> for a member NCB,
/// <c>urn:hst:hub:IPSG</c> for the General Secretariat. The URI is the single URI SAN of every
/// certificate the party holds and the <c>sender</c>/<c>party</c> strings of the envelope.
/// </summary>
public readonly record struct PartyId
{
    public const string MemberPrefix = "urn:hst:member:";
    public const string HubPrefix = "urn:hst:hub:";
    public const string HubCode = "IPSG";

    private PartyId(PartyKind kind, string code)
    {
        Kind = kind;
        Code = code;
    }

    public PartyKind Kind { get; }

    /// <summary>ISO 3166-1 alpha-2 code for a member, "IPSG" for the hub.</summary>
    public string Code { get; }

    public static PartyId Hub { get; } = new(PartyKind.Hub, HubCode);

    public bool IsHub => Kind == PartyKind.Hub;

    public string Uri => Kind == PartyKind.Hub ? HubPrefix + Code : MemberPrefix + Code;

    public static PartyId Member(string countryCode)
    {
        if (!CountryCodes.IsAssigned(countryCode))
        {
            throw new ArgumentException($"'{countryCode}' is not an ISO 3166-1 alpha-2 country code.", nameof(countryCode));
        }

        return new PartyId(PartyKind.Member, countryCode);
    }

    /// <summary>Parses a party URI exactly as written (case-sensitive, no surrounding space).</summary>
    public static bool TryParse([NotNullWhen(true)] string? uri, out PartyId party)
    {
        party = default;
        if (uri is null)
        {
            return false;
        }

        if (uri.StartsWith(MemberPrefix, StringComparison.Ordinal))
        {
            var code = uri[MemberPrefix.Length..];
            if (!CountryCodes.IsAssigned(code))
            {
                return false;
            }

            party = new PartyId(PartyKind.Member, code);
            return true;
        }

        if (string.Equals(uri, HubPrefix + HubCode, StringComparison.Ordinal))
        {
            party = Hub;
            return true;
        }

        return false;
    }

    public static PartyId Parse(string uri) =>
        TryParse(uri, out var party) ? party : throw new FormatException($"'{uri}' is not a party URI (urn:hst:member:XX or urn:hst:hub:IPSG).");

    public override string ToString() => Uri;
}
