namespace HstFederation.Hub.Products;

internal static class ProductServiceCollection
{
    /// <summary>The product runner and the loop that schedules and carries out runs. Expects the hub core (store, outbound) registered.</summary>
    public static IServiceCollection AddHubProducts(this IServiceCollection services, ProductOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ProductSourceReader>();
        services.AddSingleton<ProductRunner>();
        services.AddSingleton<ProductSourceBackfill>();
        services.AddSingleton<ProductScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<ProductScheduler>());
        return services;
    }
}
