using HstFederation.Node.Tests.HubLink;

namespace HstFederation.Node.Tests.Agency;

/// <summary>One real hub and FR node (NodeApplication, agency listener) shared by a test class whose tests leave no state behind.</summary>
public sealed class AgencyNodeFixture : IAsyncLifetime
{
    internal TestHub Hub { get; private set; } = null!;

    internal AgencyNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Node = await AgencyNode.StartAsync(Hub);
        await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
