using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using HstFederation.Node.Hosting;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ConnectionGate = HstFederation.Hosting.ConnectionGate<HstFederation.Protocol.Identities.AgencyId>;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// THREATS 30 on the agency listener, as on the hub's: neither a host that never finishes its TLS handshakes
/// (Node:AgencyMaxHandshakesPerAddress), nor connections past the listener's total (Node:AgencyMaxConnections), nor an agency
/// that opens connection after connection (Node:AgencyMaxConnectionsPerAgency) can take the connections the agencies need:
/// a connection over a limit is closed before TLS (after it, for the per-agency limit) while an agency already connected is
/// still served, and a slot is free again once its connection ends. Real Kestrel, real mutual TLS, each node started with
/// the setting under test.
/// </summary>
public sealed class AgencyConnectionGateTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Address_OverItsHandshakeLimit_IsClosedBeforeTls_WhileAConnectedAgencyIsServed_AndTheSlotsFreeWhenTheHandshakesEnd()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxHandshakesPerAddress=2");
        var gate = node.Services.GetRequiredService<ConnectionGate>();
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var connected = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        Assert.Empty((await connected.ListOutboxAsync(new AgencyListRequest())).Messages);
        using var guard = new CancellationTokenSource(HangGuard);

        // Two connections that never send a ClientHello: each holds a handshake slot of 127.0.0.1.
        using var stalled1 = await ConnectAsync(node, guard.Token);
        using var stalled2 = await ConnectAsync(node, guard.Token);
        await Eventually.TrueAsync(() => Task.FromResult(gate.HandshakesFrom(IPAddress.Loopback) == 2), "the gate counts handshakes in progress from loopback: 2");

        // A third from the same address is closed before TLS, and so is an agency's new connection from there.
        using var refused = await ConnectAsync(node, guard.Token);
        Assert.Equal(0, await refused.GetStream().ReadAsync(new byte[1], guard.Token));
        Assert.False(IsClosed(stalled1) || IsClosed(stalled2), "the stalled handshakes are still in progress, so the third was refused, not timed out");
        var fresh = await Assert.ThrowsAsync<RpcException>(() => Call(node, police));
        Assert.Equal(StatusCode.Unavailable, fresh.StatusCode);
        Assert.Contains(node.Log.Entries, entry => entry.EventId == 11 && entry.Message.Contains("Node:AgencyMaxHandshakesPerAddress", StringComparison.Ordinal));

        // The agency connected before keeps being served, on its connection.
        Assert.Empty((await connected.ListOutboxAsync(new AgencyListRequest())).Messages);
        Assert.Equal(1, gate.ConnectionsOf(AgencyId.Create("FR", "border-police")));

        stalled1.Dispose();
        stalled2.Dispose();
        await Eventually.TrueAsync(() => Task.FromResult(gate.HandshakesFrom(IPAddress.Loopback) == 0), "the gate counts handshakes in progress from loopback: 0");
        await Call(node, police);
    }

    [Fact]
    public async Task Connection_OverTheListenersTotal_IsClosedBeforeTls_WhileAConnectedAgencyIsServed_AndASlotFreesWhenAConnectionEnds()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxConnections=2");
        var gate = node.Services.GetRequiredService<ConnectionGate>();
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var connected = node.Grpc(police.Certificate, out var channel);
        using var _ = channel;
        Assert.Empty((await connected.ListOutboxAsync(new AgencyListRequest())).Messages);
        using var guard = new CancellationTokenSource(HangGuard);

        // The second slot: a connection that never sends a ClientHello (past Kestrel's count once the gate sees it).
        using var stalled = await ConnectAsync(node, guard.Token);
        await Eventually.TrueAsync(() => Task.FromResult(gate.HandshakesFrom(IPAddress.Loopback) == 1), "the gate counts handshakes in progress from loopback: 1");

        using var refused = await ConnectAsync(node, guard.Token);
        Assert.Equal(0, await refused.GetStream().ReadAsync(new byte[1], guard.Token));
        Assert.False(IsClosed(stalled), "the stalled handshake is still in progress, so the third connection was refused, not timed out");
        Assert.Equal(1, gate.HandshakesFrom(IPAddress.Loopback));
        Assert.Contains(node.Log.Entries, entry => entry.Message.Contains("maximum number of concurrent connections", StringComparison.Ordinal));
        var fresh = await Assert.ThrowsAsync<RpcException>(() => Call(node, police));
        Assert.Equal(StatusCode.Unavailable, fresh.StatusCode);
        Assert.Empty((await connected.ListOutboxAsync(new AgencyListRequest())).Messages);

        // Kestrel's count is not observable: once the stalled connection is gone, a new one gets through within the deadline.
        stalled.Dispose();
        await Eventually.TrueAsync(() => Task.FromResult(gate.HandshakesFrom(IPAddress.Loopback) == 0), "the gate counts handshakes in progress from loopback: 0");
        using var deadline = new CancellationTokenSource(HangGuard);
        while (true)
        {
            try
            {
                await Call(node, police);
                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    [Fact]
    public async Task Agency_OverItsConnectionLimit_IsClosedAfterTls_AnotherAgencyIsServed_AndAClosedConnectionFreesItsSlot()
    {
        await using var node = await AgencyNode.StartAsync(_hub, "--Node:AgencyMaxConnectionsPerAgency=2");
        var gate = node.Services.GetRequiredService<ConnectionGate>();
        var police = await node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var customs = await node.RegisterAsync("customs", Scopes.SubmitAndReadAll);
        var first = node.Grpc(police.Certificate, out var firstChannel);
        Assert.Empty((await first.ListOutboxAsync(new AgencyListRequest())).Messages);
        var second = node.Grpc(police.Certificate, out var secondChannel);
        using var _ = secondChannel;
        Assert.Empty((await second.ListOutboxAsync(new AgencyListRequest())).Messages);
        Assert.Equal(2, gate.ConnectionsOf(AgencyId.Create("FR", "border-police")));

        var third = await Assert.ThrowsAsync<RpcException>(() => Call(node, police));

        Assert.Equal(StatusCode.Unavailable, third.StatusCode);
        Assert.Contains(node.Log.Entries, entry => entry.EventId == 12
            && entry.Message.Contains("urn:hst:agency:FR:border-police", StringComparison.Ordinal)
            && entry.Message.Contains("Node:AgencyMaxConnectionsPerAgency", StringComparison.Ordinal));
        await Call(node, customs);
        Assert.Empty((await second.ListOutboxAsync(new AgencyListRequest())).Messages);

        firstChannel.Dispose();
        await Eventually.TrueAsync(() => Task.FromResult(gate.ConnectionsOf(AgencyId.Create("FR", "border-police")) == 1), "the gate counts 1 connection of FR border-police");
        await Call(node, police);
    }

    [Theory]
    [InlineData("AgencyMaxConnections", "0")]
    [InlineData("AgencyMaxConnections", "100001")]
    [InlineData("AgencyMaxHandshakesPerAddress", "0")]
    [InlineData("AgencyMaxHandshakesPerAddress", "100001")]
    [InlineData("AgencyMaxConnectionsPerAgency", "0")]
    [InlineData("AgencyMaxConnectionsPerAgency", "10001")]
    [InlineData("AgencyMaxConnectionsPerAgency", "many")]
    public void Settings_ALimitOutOfRangeOrNotANumber_IsRefusedAtStart_NamingTheSetting(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Node:" + setting, value)]).Build();

        var error = Assert.Throws<NodeConfigurationException>(() => NodeSettings.Read(configuration, [setting]));

        Assert.Contains("Node:" + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_Unset_AreTheDocumentedDefaults()
    {
        var options = NodeSettings.Read(new ConfigurationBuilder().Build(),
            [nameof(NodeOptions.AgencyMaxConnections), nameof(NodeOptions.AgencyMaxHandshakesPerAddress), nameof(NodeOptions.AgencyMaxConnectionsPerAgency)]);

        Assert.Equal((256, 64, 32), (options.AgencyMaxConnections, options.AgencyMaxHandshakesPerAddress, options.AgencyMaxConnectionsPerAgency));
    }

    /// <summary>One call on a new connection of <paramref name="agency"/>.</summary>
    private static async Task Call(AgencyNode node, TestAgency agency)
    {
        var client = node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        Assert.NotNull(await client.ListOutboxAsync(new AgencyListRequest()));
    }

    private static async Task<TcpClient> ConnectAsync(AgencyNode node, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, node.Port, cancellationToken);
        return client;
    }

    /// <summary>Readable with nothing to read: the server closed it.</summary>
    private static bool IsClosed(TcpClient client) => client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0;
}
