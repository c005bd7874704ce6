using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// The allow-list: each protocol version admits exactly the suites listed here. There is no
/// negotiation; an envelope naming anything else is refused, which is what stops downgrades.
/// </summary>
public static class ProtocolVersions
{
    public const uint Current = 1;

    public const string HstMessageContentType = "hst.v1.HstMessage";

    public static bool IsSupported(uint version) => version == Current;

    public static bool IsAllowed(uint version, CipherSuite suite) =>
        version == Current && suite == CipherSuite.Ed25519X25519HkdfSha256Aes256Gcm;
}
