namespace HstFederation.Protocol.Pki;

/// <summary>Serial numbers as upper-case hex of the DER INTEGER content bytes.</summary>
internal static class SerialNumbers
{
    public static string ToHex(Org.BouncyCastle.Math.BigInteger serial) => Convert.ToHexString(serial.ToByteArray());
}
