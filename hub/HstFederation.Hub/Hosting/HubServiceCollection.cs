using HstFederation.Hub.Subscriptions;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Intake;
using HstFederation.Hub.Intelligence;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Releases;

namespace HstFederation.Hub.Hosting;

internal static class HubServiceCollection
{
    /// <summary>Everything behind the gRPC surface. Expects HubOptions, HubCredentials and TimeProvider registered.</summary>
    public static IServiceCollection AddHubCore(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<HubOptions>();
            return HubStore.Open(
                options.DatabasePath,
                provider.GetRequiredService<TimeProvider>(),
                new HubStoreOptions { MaxSequenceJump = options.MaxSequenceJump, MaxPageCount = options.MaxDatabasePages },
                provider.GetRequiredService<ILogger<HubStore>>());
        });
        services.AddSingleton<MemberRegistry>();
        services.AddSingleton<IMemberStatus>(provider => provider.GetRequiredService<MemberRegistry>());
        services.AddSingleton<DirectoryPublisher>();
        services.AddSingleton<AuditHeadPublisher>();
        services.AddSingleton<SubmitRateLimiter>();
        services.AddSingleton<SubmitHandler>();
        services.AddSingleton<SubscriptionStream>();
        services.AddSingleton<AcknowledgeHandler>();
        services.AddSingleton<HubOutbound>();
        services.AddSingleton<ReleaseHandler>();
        services.AddSingleton<LifecycleHandler>();
        // One matcher configuration for hits and for the network reports' merging (Hub:Intelligence:PersonThreshold).
        services.AddSingleton(provider => provider.GetRequiredService<HubOptions>().Intelligence.Matching());
        services.AddSingleton<IntelligenceWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<IntelligenceWorker>());
        services.AddSingleton<ErrorInterceptor>();
        services.AddSingleton<AuthorizationInterceptor>();
        return services;
    }
}
