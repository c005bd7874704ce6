using System.Security.Cryptography;
using System.Text;

namespace HstFederation.Protocol.Pki;

/// <summary>Strict PEM helpers: one block of the expected label, or DER passed through.</summary>
internal static class Pem
{
    public const string CertificateLabel = "CERTIFICATE";
    public const string CrlLabel = "X509 CRL";
    public const string PrivateKeyLabel = "PRIVATE KEY";

    /// <summary>Returns the DER inside the first PEM block labelled <paramref name="label"/>, or null.</summary>
    public static byte[]? TryDecode(string text, string label)
    {
        var remaining = text.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            var found = remaining[fields.Label];
            if (found.SequenceEqual(label))
            {
                return Convert.FromBase64String(remaining[fields.Base64Data].ToString());
            }

            remaining = remaining[fields.Location.End..];
        }

        return null;
    }

    /// <summary>First PEM label in <paramref name="text"/>, for error messages.</summary>
    public static string? FirstLabel(string text) =>
        PemEncoding.TryFind(text, out var fields) ? text[fields.Label] : null;

    /// <summary>DER input is returned as is; PEM text is decoded.</summary>
    public static byte[]? DerOrPem(ReadOnlySpan<byte> data, string label)
    {
        if (data.Length > 0 && data[0] == 0x30)
        {
            return data.ToArray();
        }

        return TryDecode(Encoding.ASCII.GetString(data), label);
    }
}
