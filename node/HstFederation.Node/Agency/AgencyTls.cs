using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Transport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace HstFederation.Node.Agency;

/// <summary>
/// The agency listener's TLS: 1.3 only, strong suites, a client certificate required, and accepted only by
/// <see cref="AgencyTrust"/> (the national CA; never the OS store, never the federation root). HTTP/1.1
/// and HTTP/2 (ALPN), so the JSON API works with curl. There is no switch to turn any of this off.
/// </summary>
internal static partial class AgencyTls
{
    public static void Configure(ListenOptions listen, X509Certificate2 serverCertificate, AgencyTrust trust, ILogger logger)
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            SslProtocols = SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            CheckCertificateRevocation = false, // access is revoked by a certificate block or the scope table (disabled), read on every call
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            ClientCertificateValidation = (certificate, _, _) => Accept(certificate, trust, logger),
            OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = TlsSuites.Strong(),
        });
    }

    /// <summary>The platform's chain errors (computed against the OS store) are ignored on purpose; the national CA decides alone.</summary>
    public static bool Accept(X509Certificate2 certificate, AgencyTrust trust, ILogger logger)
    {
        var check = trust.Validate(certificate);
        if (!check.IsValid)
        {
            LogRefused(logger, check.Problem, check.Detail, certificate.Subject);
        }

        return check.IsValid;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Agency TLS client certificate refused: {Problem} ({Detail}); subject {Subject}")]
    private static partial void LogRefused(ILogger logger, AgencyCertificateProblem problem, string detail, string subject);
}
