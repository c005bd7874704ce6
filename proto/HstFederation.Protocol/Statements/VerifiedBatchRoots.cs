namespace HstFederation.Protocol.Statements;

/// <summary>
/// Batch roots whose signature has verified, so that the statements of one batch cost one Ed25519 verification between
/// them (an acknowledge call's receipts, a relayed batch). A root counts as verified only for exactly the signer key,
/// root, leaf count and signature bytes it verified with. For one caller at a time (one call, one batch): not
/// thread-safe, and meant to be short-lived.
/// </summary>
public sealed class VerifiedBatchRoots
{
    private readonly List<Entry> _entries = [];

    /// <summary>Roots remembered so far.</summary>
    public int Count => _entries.Count;

    internal bool Contains(ReadOnlySpan<byte> signerKey, ReadOnlySpan<byte> signedRoot, ReadOnlySpan<byte> signature)
    {
        foreach (var entry in _entries)
        {
            if (entry.SignedRoot.AsSpan().SequenceEqual(signedRoot) && entry.Signature.AsSpan().SequenceEqual(signature)
                && entry.SignerKey.AsSpan().SequenceEqual(signerKey))
            {
                return true;
            }
        }

        return false;
    }

    internal void Add(ReadOnlySpan<byte> signerKey, ReadOnlySpan<byte> signedRoot, ReadOnlySpan<byte> signature) =>
        _entries.Add(new Entry(signerKey.ToArray(), signedRoot.ToArray(), signature.ToArray()));

    private sealed record Entry(byte[] SignerKey, byte[] SignedRoot, byte[] Signature);
}
