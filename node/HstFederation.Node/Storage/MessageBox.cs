namespace HstFederation.Node.Storage;

/// <summary>Which box a message sits in: sent by this NCB (outbox) or received from another (inbox).</summary>
internal enum MessageBox
{
    Outbox = 1,
    Inbox = 2,
}
