using HstFederation.Hub.Tests.Hosting;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>A real hub (RegistryRefresh 0, so registry changes apply at once) and the members' submissions to it, per test.</summary>
public abstract class IntelligenceHubTests : IAsyncLifetime
{
    internal HubServer Hub { get; set; } = null!;

    internal IntelMessages Messages { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");
        Messages = new IntelMessages(Hub);
    }

    public async Task DisposeAsync() => await Hub.DisposeAsync();

    /// <summary>Restarts the hub on the same files; later submissions go to the new one, members' numbering going on.</summary>
    internal async Task RestartAsync()
    {
        Hub = await Hub.RestartAsync();
        Messages.Hub = Hub;
    }
}
