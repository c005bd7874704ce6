using HstFederation.Node.HubLink;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Sending;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;

namespace HstFederation.Node.Hosting;

/// <summary>The node's components, wired once for `serve` (and for tests that host the node in-process).</summary>
internal static class NodeServices
{
    public static IServiceCollection AddNodeCore(
        this IServiceCollection services, NodeOptions options, NodeCredentials credentials, TimeProvider time, MatchingKeyFile? matchingKey = null)
    {
        var link = new HubLinkOptions
        {
            RetryDelay = options.RetryDelay,
            MaxRetryDelay = options.MaxRetryDelay,
            PollInterval = options.OutboxPollInterval,
            DirectoryRefresh = options.DirectoryRefresh,
            SignReceiptsInBatches = options.SignReceiptsInBatches,
        };
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(credentials);
        services.AddSingleton(credentials.Trust);
        services.AddSingleton(credentials.Party);
        services.AddSingleton(link);
        services.AddSingleton<IRandomSource>(SystemRandomSource.Instance);
        services.AddSingleton(s => NodeStore.Open(options.DatabasePath, time, new NodeStoreOptions
        {
            Migrating = (from, to) => NodeLog.Migrating(s.GetRequiredService<ILogger<NodeStore>>(), options.DatabasePath, from, to),
        }));
        services.AddSingleton(s => new HubLinkState(options.DatabasePath, credentials.Trust, time, s.GetRequiredService<ILogger<HubLinkState>>()));
        services.AddSingleton(s => new HubConnection(
            new Uri(options.HubAddress), credentials.TlsCertificate, credentials.Trust, new HubLinkObserver(s.GetRequiredService<HubLinkState>())));
        services.AddSingleton(s => new MemberDirectoryCache(
            s.GetRequiredService<HubConnection>(), credentials.Trust, time, options.DirectoryRefresh, s.GetRequiredService<ILogger<MemberDirectoryCache>>()));
        services.AddSingleton(s => new HubAuditWitness(
            s.GetRequiredService<HubConnection>(), s.GetRequiredService<NodeStore>(), credentials.Trust, s.GetRequiredService<ILogger<HubAuditWitness>>()));
        var blindTokens = new BlindTokens(matchingKey?.Keys ?? [], credentials.Party.Party);
        services.AddSingleton(blindTokens);
        services.AddSingleton(s => new OutboxSender(
            s.GetRequiredService<HubConnection>(), s.GetRequiredService<NodeStore>(), s.GetRequiredService<MemberDirectoryCache>(), credentials.Party,
            credentials.Trust, time, link, s.GetRequiredService<ILogger<OutboxSender>>(), blindTokens: blindTokens));
        services.AddSingleton(s => new InboxSubscriber(
            s.GetRequiredService<HubConnection>(), s.GetRequiredService<NodeStore>(), s.GetRequiredService<MemberDirectoryCache>(), credentials.Party,
            credentials.Trust, time, link, s.GetRequiredService<ILogger<InboxSubscriber>>()));
        services.AddSingleton(s => new OrderSender(
            s.GetRequiredService<HubConnection>(), s.GetRequiredService<NodeStore>(), credentials.Trust, time, link, s.GetRequiredService<ILogger<OrderSender>>()));
        services.AddSingleton(s => new MessageSubmitter(
            s.GetRequiredService<NodeStore>(), s.GetRequiredService<MemberDirectoryCache>(), credentials.Party.Party, time,
            s.GetRequiredService<IRandomSource>(), s.GetRequiredService<OutboxSender>().Nudge));
        services.AddSingleton(s => new HitReleaser(
            s.GetRequiredService<NodeStore>(), s.GetRequiredService<HubConnection>(), credentials.Party, time, s.GetRequiredService<ILogger<HitReleaser>>()));
        services.AddSingleton<HubLinkFailure>();
        services.AddHostedService<HubLinkService>();
        services.AddSingleton(s => new RetentionSweeper(
            s.GetRequiredService<NodeStore>(), credentials.Party, time, s.GetRequiredService<ILogger<RetentionSweeper>>()));
        services.AddHostedService(s => s.GetRequiredService<RetentionSweeper>());
        return services;
    }
}
