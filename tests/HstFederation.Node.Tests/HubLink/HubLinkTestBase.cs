using HstFederation.Node.HubLink;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>A real hub and two nodes (FR, DE) per test, started and stopped around it.</summary>
public abstract class HubLinkTestBase : IAsyncLifetime
{
    private readonly TimeProvider? _time;
    private readonly HubLinkOptions? _nodeOptions;
    private readonly string[] _hubSettings = [];

    protected HubLinkTestBase()
    {
    }

    /// <summary>Hub and nodes on <paramref name="time"/>, the nodes with <paramref name="nodeOptions"/> (<see cref="TestNode.DefaultOptions"/> if null).</summary>
    private protected HubLinkTestBase(TimeProvider time, HubLinkOptions? nodeOptions)
    {
        _time = time;
        _nodeOptions = nodeOptions;
    }

    /// <summary>As above, the hub started with the extra `--Hub:*` <paramref name="hubSettings"/>.</summary>
    private protected HubLinkTestBase(TimeProvider time, HubLinkOptions? nodeOptions, params string[] hubSettings)
        : this(time, nodeOptions)
    {
        _hubSettings = hubSettings;
    }

    /// <summary>Node options for a fake clock: no backoff to wait out, one retry per pass, every acknowledgement sent at once.</summary>
    private protected static readonly HubLinkOptions NeverWaitingOnTheClock = new()
    {
        RetryDelay = TimeSpan.Zero,
        MaxRetryDelay = TimeSpan.Zero,
        SubmitAttempts = 1,
        AckBatchSize = 1,
    };

    private protected TestHub Hub { get; private set; } = null!;

    private protected TestNode Fr { get; private set; } = null!;

    private protected TestNode De { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync(_time, _hubSettings);
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
