namespace HstFederation.Hub.Retention;

internal static class RetentionServiceCollection
{
    /// <summary>The retention reviewer, the expirer and the schedule that runs it. Expects the hub core (store, outbound) registered.</summary>
    public static IServiceCollection AddHubRetention(this IServiceCollection services, RetentionOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<RetentionReviewer>();
        services.AddSingleton<RetentionExpirer>();
        services.AddSingleton<RetentionWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionWorker>());
        return services;
    }
}
