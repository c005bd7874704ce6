using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A member's verified signed header as the accept transaction needs it: its <c>message_lifecycle</c> row (version,
/// handling, retention date) is written with the message, and an update (<c>header.lineage</c>) is checked against the
/// version it supersedes under the federation's handling policy (docs/lifecycle.md §2).
/// </summary>
internal sealed record SubmittedHeader(EnvelopeHeader Header, byte[] HeaderSha256, HandlingPolicy Policy);
