using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using ConnectionGate = HstFederation.Hosting.ConnectionGate<HstFederation.Protocol.Identities.PartyId>;

namespace HstFederation.Hub.Tests.Security;

/// <summary>
/// THREATS 30, other members unaffected: neither a host that never finishes its TLS handshakes nor a member that opens
/// connection after connection can take the connection slots the other members need (Hub:MaxHandshakesPerAddress,
/// Hub:MaxConnectionsPerMember), and a slot is free again once its connection ends.
/// </summary>
public sealed class ConnectionGateTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Member_OverItsConnectionLimit_IsClosedAfterTls_OthersAreServed_AndAClosedConnectionFreesItsSlot()
    {
        await using var hub = await HubServer.StartAsync(extraArgs: ["--Hub:MaxConnectionsPerMember=2"]);
        var gate = hub.Services.GetRequiredService<ConnectionGate>();
        var first = hub.Channel(hub.TlsCertificate("FR"));
        Assert.NotNull(await new Protocol.V1.Hub.HubClient(first).GetDirectoryAsync(new GetDirectoryRequest()));
        Assert.NotNull(await hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()));
        Assert.Equal(2, gate.ConnectionsOf(PartyId.Member("FR")));

        var third = await Assert.ThrowsAsync<RpcException>(() => hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, third.StatusCode);
        Assert.Contains(hub.Logs.Entries, entry => entry.EventId == 12 && entry.Message.Contains("urn:hst:member:FR", StringComparison.Ordinal));
        Assert.NotNull(await hub.Client("DE").GetDirectoryAsync(new GetDirectoryRequest()));

        first.Dispose();
        await Wait.UntilAsync(() => gate.ConnectionsOf(PartyId.Member("FR")) == 1);
        Assert.NotNull(await hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()));
    }

    [Fact]
    public async Task Address_OverItsHandshakeLimit_IsClosedBeforeTls_WhileItsStalledHandshakesStayOpen_UntilTheyEnd()
    {
        await using var hub = await HubServer.StartAsync(extraArgs: ["--Hub:MaxHandshakesPerAddress=2"]);
        var gate = hub.Services.GetRequiredService<ConnectionGate>();
        using var guard = new CancellationTokenSource(HangGuard);

        // Two connections that never send a ClientHello: each holds a handshake slot of 127.0.0.1.
        using var stalled1 = await ConnectAsync(hub, guard.Token);
        using var stalled2 = await ConnectAsync(hub, guard.Token);
        await Wait.UntilAsync(() => gate.HandshakesFrom(IPAddress.Loopback) == 2);

        // A third from the same address is closed before TLS, and so is a member's from there: the address is all
        // the hub can count by before a certificate is shown.
        using var refused = await ConnectAsync(hub, guard.Token);
        Assert.Equal(0, await refused.GetStream().ReadAsync(new byte[1], guard.Token));
        Assert.False(IsClosed(stalled1) || IsClosed(stalled2), "the stalled handshakes are still in progress, so the third was refused, not timed out");
        var member = await Assert.ThrowsAsync<RpcException>(() => hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, member.StatusCode);
        Assert.Contains(hub.Logs.Entries, entry => entry.EventId == 11);

        stalled1.Dispose();
        stalled2.Dispose();
        await Wait.UntilAsync(() => gate.HandshakesFrom(IPAddress.Loopback) == 0);
        Assert.NotNull(await hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()));
    }

    private static async Task<TcpClient> ConnectAsync(HubServer hub, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, hub.Port, cancellationToken);
        return client;
    }

    /// <summary>Readable with nothing to read: the server closed it.</summary>
    private static bool IsClosed(TcpClient client) => client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0;
}
