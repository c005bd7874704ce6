using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;

namespace HstFederation.Protocol.Pki;

/// <summary>Reads unencrypted PKCS#8 private keys; every failure names the file.</summary>
internal static class PrivateKeyFiles
{
    /// <summary>The raw 32-byte Ed25519 seed or X25519 scalar of a PKCS#8 file.</summary>
    public static byte[] ReadRaw32(string path, string algorithmOid, string algorithmName)
    {
        var der = ReadPkcs8(path);
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception e)
        {
            throw new CredentialException(path, "not a PKCS#8 private key: " + e.Message, e);
        }

        var oid = info.PrivateKeyAlgorithm.Algorithm.Id;
        if (oid != algorithmOid)
        {
            throw new CredentialException(path, $"wrong key type: expected an {algorithmName} key ({algorithmOid}) but found {oid}");
        }

        byte[] key;
        try
        {
            key = Asn1OctetString.GetInstance(info.ParsePrivateKey()).GetOctets();
        }
        catch (Exception e)
        {
            throw new CredentialException(path, $"the {algorithmName} private key is malformed", e);
        }

        return key.Length == 32
            ? key
            : throw new CredentialException(path, $"the {algorithmName} private key is {key.Length} bytes, expected 32");
    }

    /// <summary>The P-256 key of a PKCS#8 file.</summary>
    public static ECDsa ReadP256(string path)
    {
        var der = ReadPkcs8(path);
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(der, out _);
            if (ecdsa.ExportParameters(false).Curve.Oid.Value != CertificateProfile.P256)
            {
                throw new CredentialException(path, "wrong key type: the EC key is not on curve P-256");
            }

            return ecdsa;
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new CredentialException(path, "wrong key type: expected a PKCS#8 ECDSA P-256 key (" + e.Message + ")", e);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    private static byte[] ReadPkcs8(string path)
    {
        try
        {
            return PemFiles.ReadBlock(path, Pem.PrivateKeyLabel);
        }
        catch (CredentialException e) when (e.Problem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new CredentialException(path, "encrypted private keys are not supported; expected an unencrypted PKCS#8 'PRIVATE KEY'", e);
        }
    }
}
