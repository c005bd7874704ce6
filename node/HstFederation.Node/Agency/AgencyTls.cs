using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Transport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace HstFederation.Node.Agency;

/// <summary>
/// The agency listener's TLS: 1.3 only, strong suites, a client certificate required, and accepted only by
/// <see cref="AgencyTrust"/> (the national CA; never the OS store, never the federation root) and not blocked by the NCB
/// (blocked_agency_certificates, by serial): a blocked certificate's holder cannot open connections and then make the node
/// build a chain and commit an audit entry for each refused call. The per-call check (<see cref="AgencyAuthorizationInterceptor"/>)
/// still refuses, and audits, a certificate blocked while its connection was open. HTTP/1.1
/// and HTTP/2 (ALPN), so the JSON API works with curl. There is no switch to turn any of this off.
/// </summary>
internal static partial class AgencyTls
{
    /// <param name="store">Resolved at the first handshake (the store is a singleton the host opens).</param>
    public static void Configure(ListenOptions listen, X509Certificate2 serverCertificate, AgencyTrust trust, Func<NodeStore> store, ILogger logger)
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            SslProtocols = SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            CheckCertificateRevocation = false, // no national CRL: a certificate is cut off by its block (read here and on every call), an agency by "disabled" (every call)
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            ClientCertificateValidation = (certificate, _, _) => Accept(certificate, trust, store(), logger),
            OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = TlsSuites.Strong(),
        });
    }

    /// <summary>
    /// The platform's chain errors (computed against the OS store) are ignored on purpose; the national CA decides alone.
    /// Then the block list: one primary-key read, no audit entry (a refused handshake costs the node no write); a store that
    /// cannot be read refuses the certificate (fail closed).
    /// </summary>
    public static bool Accept(X509Certificate2 certificate, AgencyTrust trust, NodeStore store, ILogger logger)
    {
        var check = trust.Validate(certificate);
        if (!check.IsValid)
        {
            LogRefused(logger, check.Problem, check.Detail, certificate.Subject);
            return false;
        }

        var serial = AgencyCertificateSerial.Of(certificate);
        try
        {
            if (!store.IsAgencyCertificateBlocked(serial))
            {
                return true;
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or ObjectDisposedException)
        {
            LogBlockListUnreadable(logger, e.GetType().Name, e.Message, certificate.Subject);
            return false;
        }

        LogRefused(logger, AgencyCertificateProblem.Blocked, "serial " + serial + " is blocked at this node", certificate.Subject);
        return false;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Agency TLS client certificate refused: {Problem} ({Detail}); subject {Subject}")]
    private static partial void LogRefused(ILogger logger, AgencyCertificateProblem problem, string detail, string subject);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Agency TLS client certificate refused: the certificate block list could not be read ({Error}: {Detail}); subject {Subject}")]
    private static partial void LogBlockListUnreadable(ILogger logger, string error, string detail, string subject);
}
