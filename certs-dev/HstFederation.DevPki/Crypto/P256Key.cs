using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace HstFederation.DevPki.Crypto;

/// <summary>An ECDSA P-256 key derived from a scalar: BouncyCastle computes Q, .NET holds the key for export.</summary>
internal sealed class P256Key
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve);

    private P256Key(BigInteger d)
    {
        var q = Domain.G.Multiply(d).Normalize();
        Parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = BigIntegers.AsUnsignedByteArray(32, d),
            Q = new ECPoint { X = q.AffineXCoord.GetEncoded(), Y = q.AffineYCoord.GetEncoded() },
        };
        PrivateKey = new ECPrivateKeyParameters(d, Domain);
        using var ecdsa = ECDsa.Create(Parameters);
        SubjectPublicKeyInfo = ecdsa.ExportSubjectPublicKeyInfo();
        Pkcs8 = ecdsa.ExportPkcs8PrivateKey();
    }

    public ECParameters Parameters { get; }

    public ECPrivateKeyParameters PrivateKey { get; }

    public byte[] SubjectPublicKeyInfo { get; }

    public byte[] Pkcs8 { get; }

    /// <summary>Derives a scalar in [1, n-1] from 32 pseudo-random bytes.</summary>
    public static P256Key FromSeedBytes(ReadOnlySpan<byte> bytes)
    {
        var n = Curve.N;
        var d = new BigInteger(1, bytes.ToArray()).Mod(n.Subtract(BigInteger.One)).Add(BigInteger.One);
        return new P256Key(d);
    }

    /// <summary>Imports an existing PKCS#8 P-256 key (the root key of a federation on disk).</summary>
    public static P256Key FromPkcs8Pem(string pem)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var parameters = ecdsa.ExportParameters(true);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException("The root key is not a P-256 key.");
        }

        return new P256Key(new BigInteger(1, parameters.D));
    }
}
