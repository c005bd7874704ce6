using Google.Protobuf.Reflection;
using Google.Rpc;
using HstFederation.Hosting;
using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Envelope;

namespace HstFederation.Node.Agency;

/// <summary>The agency API's services: gRPC with JSON transcoding, its interceptors, its trust, its connection gate and helpers.</summary>
internal static class AgencyServices
{
    public static IServiceCollection AddAgencyApi(this IServiceCollection services, NodeOptions options, AgencyCredentials credentials)
    {
        var limits = AgencyLimits.From(options);
        services.AddSingleton(credentials);
        services.AddSingleton(credentials.Trust);
        services.AddSingleton(s => AgencyConnections.Gate(options, credentials.Trust, s.GetRequiredService<ILogger<ConnectionGate<AgencyId>>>()));
        services.AddSingleton(limits);
        services.AddSingleton<AgencyErrorInterceptor>();
        services.AddSingleton<AgencyAuthorizationInterceptor>();
        services.AddSingleton(new AgencyCallLimiter(limits));
        services.AddSingleton<AgencyCallLimitInterceptor>();
        services.AddSingleton(new AgencyPageTokens());
        services.AddSingleton(s => new MessageBrowser(s.GetRequiredService<NodeStore>(), s.GetRequiredService<PartyCredentials>().Party.Uri, limits));
        services.AddSingleton(s => new IntelligenceBrowser(s.GetRequiredService<NodeStore>(), s.GetRequiredService<PartyCredentials>().Party.Uri, limits));
        services.AddSingleton(s => new InboxWatcher(
            s.GetRequiredService<NodeStore>(), s.GetRequiredService<AgencyAuthorizationInterceptor>(), s.GetRequiredService<TimeProvider>(), options.AgencyWatchRecheck,
            limits.ReadBudgetBytes));
        services
            .AddGrpc(grpc =>
            {
                grpc.Interceptors.Add<AgencyErrorInterceptor>();
                grpc.Interceptors.Add<AgencyAuthorizationInterceptor>();
                grpc.Interceptors.Add<AgencyCallLimitInterceptor>(); // after authorization: the slots are per agency
                grpc.EnableDetailedErrors = false;
                grpc.MaxReceiveMessageSize = EnvelopeLimits.Default.MaxEnvelopeBytes;
                grpc.MaxSendMessageSize = EnvelopeLimits.Default.MaxEnvelopeBytes;
            })
            .AddJsonTranscoding(json =>
            {
                // Error details (ErrorInfo, BadRequest) are written into the JSON error body.
                json.TypeRegistry = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor);
                json.JsonSettings.WriteIndented = false;
            });
        return services;
    }
}
