namespace HstFederation.Node.Tests.HubLink;

/// <summary>A real hub and two nodes (FR, DE) per test, started and stopped around it.</summary>
public abstract class HubLinkTestBase : IAsyncLifetime
{
    private protected TestHub Hub { get; private set; } = null!;

    private protected TestNode Fr { get; private set; } = null!;

    private protected TestNode De { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Fr = TestNode.Create(Hub, "FR");
        De = TestNode.Create(Hub, "DE");
    }

    public async Task DisposeAsync()
    {
        await Fr.DisposeAsync();
        await De.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
