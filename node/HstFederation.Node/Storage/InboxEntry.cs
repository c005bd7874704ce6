namespace HstFederation.Node.Storage;

/// <summary>One inbox message as stored: the delivery and when this node stored it.</summary>
internal sealed record InboxEntry(long LocalId, ReceivedEnvelope Message, long ReceivedAtMs);
