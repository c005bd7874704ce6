using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// Restricts lists and searches by what the message says about itself. Null means no restriction; an empty
/// collection allows nothing. A message whose plaintext was not an HstMessage has no handling code and no
/// crime types, so any restriction hides it.
/// </summary>
internal sealed record ContentFilter
{
    /// <summary>Handling codes allowed (H0–H3).</summary>
    public IReadOnlyCollection<HandlingCode>? HandlingCodes { get; init; }

    /// <summary>Crime types allowed, held against the message's as <see cref="CrimeTypeMatch"/> says.</summary>
    public IReadOnlyCollection<CrimeType>? CrimeTypes { get; init; }

    public CrimeTypeMatch CrimeTypeMatch { get; init; }
}
