using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// What a list shows of a message without its content: handling code, case reference and title, crime
/// types. <see cref="Parsed"/> is false when the plaintext was not an HstMessage (then all else is empty).
/// </summary>
internal sealed record MessageSummary(
    bool Parsed, HandlingCode? Handling, string? CaseReference, string? CaseTitle, IReadOnlyList<CrimeType> CrimeTypes);
