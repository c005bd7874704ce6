namespace HstFederation.Protocol.Crypto;

/// <summary>
/// Where the envelope code gets its randomness (content keys, nonces, ephemeral keys, message ids).
/// Production uses <see cref="SystemRandomSource"/>; the test vectors use a seeded source so that
/// their bytes can be regenerated exactly.
/// </summary>
public interface IRandomSource
{
    void Fill(Span<byte> destination);
}
