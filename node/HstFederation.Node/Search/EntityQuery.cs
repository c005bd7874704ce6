using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Search;

/// <summary>
/// A local search: <see cref="Kind"/> (or <see cref="SearchKind.Any"/>) and the text as the operator typed
/// it; the store normalises it as it normalised the index. <see cref="PhoneRegion"/> (ISO 3166-1 alpha-2,
/// usually this NCB's own country) reads a phone number written in national form.
/// </summary>
internal sealed record EntityQuery(SearchKind Kind, string Text)
{
    public const int MaxTextLength = 1024;
    public const int MaxLimit = 1000;

    public string? PhoneRegion { get; init; }

    /// <summary>Only hits in this box; null searches both.</summary>
    public MessageBox? Box { get; init; }

    /// <summary>Only hits in messages this filter allows (e.g. an agency's scope).</summary>
    public ContentFilter? Content { get; init; }

    public int Limit { get; init; } = 100;

    /// <summary>
    /// The SQLite virtual-machine steps the search may take (<see cref="SearchGuard"/>); past them it stops with
    /// <see cref="SearchTooBroadException"/>. Null (the operator's own searches): no bound.
    /// </summary>
    public long? MaxSteps { get; init; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Text);
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown search kind.");
        }

        if (string.IsNullOrWhiteSpace(Text))
        {
            throw new ArgumentException("Search for something: the text is empty.", nameof(Text));
        }

        if (Text.Length > MaxTextLength)
        {
            throw new ArgumentException($"The search text is longer than {MaxTextLength} characters.", nameof(Text));
        }

        // Two letters are not enough: a national number read in a region no country has ("XX") matches nothing, and the
        // search would answer "no match" for a phone the index holds.
        if (PhoneRegion is { } region && !CountryCodes.IsAssigned(region.ToUpperInvariant()))
        {
            throw new ArgumentException("The phone region is an assigned ISO 3166-1 alpha-2 country code, e.g. FR.", nameof(PhoneRegion));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit);
    }
}
