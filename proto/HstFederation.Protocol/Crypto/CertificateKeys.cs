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
    public static bool TryReadEd25519PublicKey(ReadOnlySpan<byte> certificateDer, out byte[] publicKey)
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
