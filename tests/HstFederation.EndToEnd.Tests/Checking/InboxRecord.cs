namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>One inbox row of a node: the envelope as received and the decrypted content.</summary>
internal sealed record InboxRecord(MessageKey Key, byte[] HeaderHash, byte[] Envelope, byte[] Plaintext);
