using Google.Protobuf.Reflection;
using Google.Rpc;
using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Envelope;

namespace HstFederation.Node.Agency;

/// <summary>The agency API's services: gRPC with JSON transcoding, its interceptors, its trust and helpers.</summary>
internal static class AgencyServices
{
    public static IServiceCollection AddAgencyApi(this IServiceCollection services, NodeOptions options, AgencyCredentials credentials)
    {
        services.AddSingleton(credentials);
        services.AddSingleton(credentials.Trust);
        services.AddSingleton<AgencyErrorInterceptor>();
        services.AddSingleton<AgencyAuthorizationInterceptor>();
        services.AddSingleton(s => new MessageBrowser(s.GetRequiredService<NodeStore>(), s.GetRequiredService<PartyCredentials>().Party.Uri));
        services.AddSingleton(s => new IntelligenceBrowser(s.GetRequiredService<NodeStore>(), s.GetRequiredService<PartyCredentials>().Party.Uri));
        services.AddSingleton(s => new InboxWatcher(
            s.GetRequiredService<NodeStore>(), s.GetRequiredService<AgencyAuthorizationInterceptor>(), s.GetRequiredService<TimeProvider>(), options.AgencyWatchRecheck));
        services
            .AddGrpc(grpc =>
            {
                grpc.Interceptors.Add<AgencyErrorInterceptor>();
                grpc.Interceptors.Add<AgencyAuthorizationInterceptor>();
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
