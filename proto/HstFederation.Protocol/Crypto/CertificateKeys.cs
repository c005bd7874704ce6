using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.X509;

namespace HstFederation.Protocol.Crypto;

/// <summary>
/// Reads the Ed25519 key out of a presented certificate WITHOUT trusting it, so a signature can be
/// checked before the signed bytes are parsed. Whether the certificate is trusted is decided right
/// after, by <see cref="Pki.FederationTrust"/>, at the signing time the verified header states.
/// </summary>
internal static class CertificateKeys
{
    // The same few hundred certificates sign everything a hub or node verifies (every delivery receipt the hub
    // takes carries its recipient's), and parsing one with BouncyCastle cost ≈ 4 % of the hub's CPU. The key is a
    // pure function of the DER bytes, so memoizing by their SHA-256 changes no verdict: trust is still decided
    // after, on every call. Only successes are kept, and the map is emptied when full, so hostile input cannot
    // grow it without bound.
    private const int MaxCachedKeys = 10_000;
    private static readonly ConcurrentDictionary<string, byte[]> Keys = new(StringComparer.Ordinal);

    public static bool TryReadEd25519PublicKey(ReadOnlySpan<byte> certificateDer, out byte[] publicKey)
    {
        var cacheKey = Convert.ToHexString(SHA256.HashData(certificateDer));
        if (Keys.TryGetValue(cacheKey, out var cached))
        {
            publicKey = (byte[])cached.Clone(); // callers own what they get
            return true;
        }

        if (!TryParse(certificateDer, out publicKey))
        {
            return false;
        }

        if (Keys.Count >= MaxCachedKeys)
        {
            Keys.Clear();
        }

        Keys[cacheKey] = (byte[])publicKey.Clone();
        return true;
    }

    private static bool TryParse(ReadOnlySpan<byte> certificateDer, out byte[] publicKey)
    {
        publicKey = [];
        try
        {
            var certificate = new X509CertificateParser().ReadCertificate(certificateDer.ToArray());
            var info = certificate?.SubjectPublicKeyInfo;
            if (info is null || !info.Algorithm.Algorithm.Equals(EdECObjectIdentifiers.id_Ed25519))
            {
                return false;
            }

            var key = info.PublicKey.GetOctets();
            if (key.Length != KeyPairs.KeySize)
            {
                return false;
            }

            publicKey = key;
            return true;
        }
#pragma warning disable CA1031 // Hostile DER can make the parser throw anything; all of it means "not a certificate".
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
