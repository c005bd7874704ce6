using HstFederation.Node.HubLink;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>A real hub and two nodes (FR, DE) per test, started and stopped around it.</summary>
public abstract class HubLinkTestBase : IAsyncLifetime
{
    private readonly TimeProvider? _time;
    private readonly HubLinkOptions? _nodeOptions;

    protected HubLinkTestBase()
    {
    }

    /// <summary>Hub and nodes on <paramref name="time"/>, the nodes with <paramref name="nodeOptions"/> (<see cref="TestNode.DefaultOptions"/> if null).</summary>
    private protected HubLinkTestBase(TimeProvider time, HubLinkOptions? nodeOptions)
    {
        _time = time;
        _nodeOptions = nodeOptions;
    }

    private protected TestHub Hub { get; private set; } = null!;

    private protected TestNode Fr { get; private set; } = null!;

    private protected TestNode De { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync(_time);
        Fr = CreateNode("FR");
        De = CreateNode("DE");
    }

    public async Task DisposeAsync()
    {
        await Fr.DisposeAsync();
        await De.DisposeAsync();
        await Hub.DisposeAsync();
    }

    /// <summary>Another node on the test's clock and options (dispose it in the test).</summary>
    private protected TestNode CreateNode(string code, HubLinkOptions? options = null, Grpc.Core.Interceptors.Interceptor? interceptor = null) =>
        TestNode.Create(Hub, code, _time, options ?? _nodeOptions, interceptor);
}
