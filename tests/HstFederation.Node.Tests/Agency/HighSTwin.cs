using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The other encoding of an ECDSA P-256-signed certificate that anyone holding it can make without the CA's key: the
/// signature (r, s) replaced by (r, n − s), which verifies as well. Same TBSCertificate (serial, SAN, key), another DER,
/// so another whole-certificate SHA-256.
/// </summary>
internal static class HighSTwin
{
    /// <summary>The order n of the P-256 group.</summary>
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);

    /// <summary>The twin of <paramref name="certificate"/>, with its private key.</summary>
    public static X509Certificate2 Of(X509Certificate2 certificate)
    {
        var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue();
        var algorithm = outer.ReadEncodedValue();
        var signature = new AsnReader(outer.ReadBitString(out _), AsnEncodingRules.DER).ReadSequence();
        var r = signature.ReadInteger();
        var s = signature.ReadInteger();

        var twinSignature = new AsnWriter(AsnEncodingRules.DER);
        using (twinSignature.PushSequence())
        {
            twinSignature.WriteInteger(r);
            twinSignature.WriteInteger(N - s);
        }

        var twin = new AsnWriter(AsnEncodingRules.DER);
        using (twin.PushSequence())
        {
            twin.WriteEncodedValue(tbs.Span);
            twin.WriteEncodedValue(algorithm.Span);
            twin.WriteBitString(twinSignature.Encode());
        }

        using var key = certificate.GetECDsaPrivateKey()!;
        using var reloaded = X509CertificateLoader.LoadCertificate(twin.Encode());
        return reloaded.CopyWithPrivateKey(key);
    }
}
