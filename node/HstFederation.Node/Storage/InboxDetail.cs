namespace HstFederation.Node.Storage;

/// <summary>An inbox message in full (plaintext, envelope, header hash, forwards) with its summary.</summary>
internal sealed record InboxDetail(InboxEntry Entry, MessageSummary Summary);
