using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HstFederation.Hub.Telemetry;

/// <summary>
/// The admin listener: plain HTTP/1.1 on 127.0.0.1 only, separate from the members' mutual-TLS port. It
/// serves <see cref="MetricsPath"/> and nothing else (see <see cref="HubTelemetry.MapHubTelemetry"/>);
/// the gRPC services are not reachable on it and the metrics are not reachable on the members' port.
/// </summary>
public static class AdminEndpoint
{
    public const string MetricsPath = "/metrics";

    /// <summary>Binds 127.0.0.1:<paramref name="adminPort"/>: a negative port disables it, 0 picks a free one (tests).</summary>
    public static void ListenAdmin(KestrelServerOptions kestrel, int adminPort)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(adminPort, IPEndPoint.MaxPort);
        if (adminPort < 0)
        {
            return;
        }

        kestrel.Listen(IPAddress.Loopback, adminPort, listen =>
        {
            kestrel.ApplicationServices?.GetService<AdminListener>()?.Options = listen;
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => connection =>
            {
                connection.Features.Set(AdminConnectionFeature.Instance);
                return next(connection);
            });
        });
    }

    /// <summary>
    /// The port the admin listener bound (after start; useful with port 0), or null when it is disabled.
    /// Needs <see cref="HubTelemetry.AddHubTelemetry"/>.
    /// </summary>
    public static int? BoundPort(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<AdminListener>().Options?.IPEndPoint?.Port;
    }

    internal static bool IsAdminConnection(HttpContext context) => context.Features.Get<AdminConnectionFeature>() is not null;
}
