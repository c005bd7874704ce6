using HstFederation.Node.Tests.HubLink;

namespace HstFederation.Node.Tests.Agency;

/// <summary>A real hub and the FR node (NodeApplication, agency listener) per test.</summary>
public abstract class AgencyTestBase : IAsyncLifetime
{
    private protected TestHub Hub { get; private set; } = null!;

    private protected AgencyNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Node = await AgencyNode.StartAsync(Hub);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
