using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace HstFederation.Hub.Telemetry;

/// <summary>Wiring for the hub's metrics: OpenTelemetry meter → Prometheus text on the admin listener only.</summary>
public static class HubTelemetry
{
    /// <summary>Registers <see cref="HubMetrics"/> and the Prometheus exporter. Expects HubStore and TimeProvider registered.</summary>
    public static IServiceCollection AddHubTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<AdminListener>();
        services.AddSingleton<QueueDepths>();
        services.AddSingleton<HubMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("hst-hub"))
            .WithMetrics(metrics => metrics
                .AddMeter(HubMetrics.MeterName)
                // Every scrape reads the instruments afresh: the exporter's default keeps an answer for 300 ms, so two
                // scrapes around a short phase (the load generator's, an operator's before and after) could read the same numbers.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>
    /// Call right after <c>Build()</c>, before any other middleware: requests arriving on the admin listener
    /// branch off here, get <see cref="AdminEndpoint.MetricsPath"/> or 404, and never reach the gRPC endpoints.
    /// Requests on other listeners pass through untouched (so /metrics is not served there).
    /// </summary>
    public static void MapHubTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Created now so the queue gauges exist before the first Submit resolves the metrics.
        app.Services.GetRequiredService<HubMetrics>();
        var queues = app.Services.GetRequiredService<QueueDepths>();
        app.Lifetime.ApplicationStarted.Register(queues.Prime);
        app.MapWhen(AdminEndpoint.IsAdminConnection, admin =>
        {
            admin.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                HttpMethods.IsGet(context.Request.Method) && context.Request.Path == AdminEndpoint.MetricsPath);
            admin.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }
}
