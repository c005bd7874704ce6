using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Search;

/// <summary>
/// One field of one message that matched a search: where (box, local id, message id, the field's path),
/// who (the sender of an inbox message, the addressees of an outbox one), what (kind, the value exactly as
/// written, its qualifier), and what the message is (case reference and title, handling code). One hit per
/// field, however many of its lookup keys matched. <see cref="AtMs"/> is when it was queued or received.
/// </summary>
internal sealed record EntityHit(
    MessageBox Box,
    long LocalId,
    byte[] MessageId,
    string? Sender,
    IReadOnlyList<string> Addressees,
    SearchKind Kind,
    string Display,
    string? Qualifier,
    string Path,
    string? CaseReference,
    string? CaseTitle,
    HandlingCode? Handling,
    long AtMs);
