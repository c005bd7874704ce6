using System.Diagnostics.CodeAnalysis;

namespace HstFederation.Protocol.Identities;

/// <summary>
/// A national agency of a member country, written as its URI <c>urn:hst:agency:FR:border-police</c>: the
/// single URI SAN of the client certificate its NCB's national CA issues it. Agencies are not federation
/// parties: only their own node knows them, and the node signs for them.
/// </summary>
public readonly record struct AgencyId
{
    public const string Prefix = "urn:hst:agency:";
    public const int MaxNameLength = 63;

    private AgencyId(string countryCode, string name)
    {
        CountryCode = countryCode;
        Name = name;
    }

    /// <summary>The ISO 3166-1 alpha-2 code of the agency's country (its node's member code).</summary>
    public string CountryCode { get; }

    /// <summary>Lower-case letters, digits and inner hyphens, 1–63 characters, e.g. <c>border-police</c>.</summary>
    public string Name { get; }

    public string Uri => $"{Prefix}{CountryCode}:{Name}";

    public static AgencyId Create(string countryCode, string name)
    {
        if (!CountryCodes.IsAssigned(countryCode))
        {
            throw new ArgumentException($"'{countryCode}' is not an ISO 3166-1 alpha-2 country code.", nameof(countryCode));
        }

        return IsValidName(name)
            ? new AgencyId(countryCode, name)
            : throw new ArgumentException(
                $"'{name}' is not an agency name: 1-{MaxNameLength} lower-case letters, digits and inner hyphens.", nameof(name));
    }

    /// <summary>1–63 characters of [a-z0-9-], neither starting nor ending with a hyphen.</summary>
    public static bool IsValidName([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxNameLength }
        && name[0] != '-' && name[^1] != '-'
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>Parses an agency URI exactly as written (case-sensitive, no surrounding space).</summary>
    public static bool TryParse([NotNullWhen(true)] string? uri, out AgencyId agency)
    {
        agency = default;
        if (uri is null || !uri.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = uri.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon != 2)
        {
            return false;
        }

        var code = rest[..2].ToString();
        var name = rest[3..].ToString();
        if (!CountryCodes.IsAssigned(code) || !IsValidName(name))
        {
            return false;
        }

        agency = new AgencyId(code, name);
        return true;
    }

    public override string ToString() => Uri;
}
