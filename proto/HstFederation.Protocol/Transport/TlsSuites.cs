using System.Net.Security;

namespace HstFederation.Protocol.Transport;

/// <summary>
/// The TLS 1.3 cipher suites every HstFederation listener allows (hub listener, node agency listener) and every
/// federation client offers (FederationChannels): AES-GCM and ChaCha20-Poly1305 only. Null where the platform cannot restrict suites (Windows), which then
/// applies its own TLS 1.3 defaults, all of them AEAD.
/// </summary>
public static class TlsSuites
{
    public static CipherSuitesPolicy? Strong() =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
            ? new CipherSuitesPolicy(
            [
                TlsCipherSuite.TLS_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            ])
            : null;
}
