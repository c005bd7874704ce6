using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Transport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace HstFederation.Hub.Security;

/// <summary>
/// The one place mutual TLS is configured: TLS 1.3 only, a client certificate is required, and it is
/// accepted only if the federation root issued it for TLS and the CRL does not revoke it. The OS
/// trust store plays no part; there is no switch to turn any of this off.
/// </summary>
internal static partial class FederationTls
{
    public static void Configure(ListenOptions listen, X509Certificate2 serverCertificate, FederationTrust trust, ILogger logger)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            SslProtocols = SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            CheckCertificateRevocation = false, // revocation comes from the federation CRL, below
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            ClientCertificateValidation = (certificate, _, _) => Accept(certificate, trust, logger),
            OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = TlsSuites.Strong(),
        });
    }

    /// <summary>
    /// The platform's chain errors are ignored on purpose: they are computed against the OS store,
    /// which must not count. The federation root decides alone; each refusal is logged with its reason.
    /// </summary>
    public static bool Accept(X509Certificate2 certificate, FederationTrust trust, ILogger logger)
    {
        var check = trust.Validate(certificate.RawData, CertificatePurpose.Tls, trust.Time.GetUtcNow());
        if (!check.IsValid)
        {
            LogRefused(logger, check.Problem, check.Detail, certificate.Subject);
        }

        return check.IsValid;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "TLS client certificate refused: {Problem} ({Detail}); subject {Subject}")]
    private static partial void LogRefused(ILogger logger, CertificateProblem problem, string detail, string subject);
}
