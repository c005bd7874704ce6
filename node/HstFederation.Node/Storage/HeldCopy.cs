namespace HstFederation.Node.Storage;

/// <summary>An inbox row an order names, as stored: its signed header (from the kept envelope) and lifecycle columns.</summary>
internal sealed record HeldCopy(
    long LocalId, string Sender, byte[] HeaderHash, byte[] Envelope, byte[]? EffectiveHandling, long? RetainUntilMs, long? PurgedAtMs)
{
    public bool IsPurged => PurgedAtMs is not null;
}
