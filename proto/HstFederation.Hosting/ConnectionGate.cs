using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace HstFederation.Hosting;

/// <summary>
/// Who may hold a mutual-TLS listener's connection slots (Kestrel's MaxConcurrentConnections, all peers together): no remote
/// address more than <see cref="ConnectionGateOptions.MaxHandshakesPerAddress"/> TLS handshakes in progress (before a
/// certificate is shown the address is all there is to count by), and no peer more than
/// <see cref="ConnectionGateOptions.MaxConnectionsPerPeer"/> established connections. Without them one host that never
/// finishes a handshake, or one peer that opens connection after connection, takes the slots every other peer needs to
/// reconnect (THREATS 30). A connection over a limit is closed at once, before TLS or right after it, and logged.
/// The hub's listener counts members (Hub:MaxHandshakesPerAddress, Hub:MaxConnectionsPerMember), a node's agency listener
/// agencies (Node:AgencyMaxHandshakesPerAddress, Node:AgencyMaxConnectionsPerAgency); each says who a certificate names.
/// </summary>
/// <param name="identify">
/// Whose the client certificate is, once the handshake accepted it (null when none was shown); a refusal closes the connection.
/// </param>
public sealed class ConnectionGate<TPeer>(
    ConnectionGateOptions options, Func<X509Certificate2?, PeerCheck<TPeer>> identify, TimeProvider time, ILogger<ConnectionGate<TPeer>> logger)
    where TPeer : notnull
{
    private readonly Dictionary<IPAddress, int> _handshakes = [];
    private readonly Dictionary<TPeer, int> _peers = [];
    private long _refusedHandshakes;
    private long _nextHandshakeLogTicks;

    /// <summary>Wraps the TLS that <paramref name="useHttps"/> adds: counted by address before it, by peer after it.</summary>
    public void Configure(ListenOptions listen, Action<ListenOptions> useHttps)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(useHttps);
        listen.Use(next => connection => BeforeHandshakeAsync(connection, next));
        useHttps(listen);
        listen.Use(next => connection => AfterHandshakeAsync(connection, next));
    }

    /// <summary>TLS handshakes in progress from <paramref name="address"/> now (tests, diagnostics).</summary>
    public int HandshakesFrom(IPAddress address)
    {
        lock (_handshakes)
        {
            return _handshakes.GetValueOrDefault(address);
        }
    }

    /// <summary>Established connections of <paramref name="peer"/> now (tests, diagnostics).</summary>
    public int ConnectionsOf(TPeer peer)
    {
        lock (_peers)
        {
            return _peers.GetValueOrDefault(peer);
        }
    }

    private async Task BeforeHandshakeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (!TryEnter(_handshakes, address, options.MaxHandshakesPerAddress))
        {
            RefusedHandshake(address);
            return;
        }

        var slot = new HandshakeSlot(this, address);
        connection.Features.Set(slot);
        try
        {
            await next(connection);
        }
        finally
        {
            // A handshake that failed or timed out never reached AfterHandshakeAsync.
            slot.Release();
        }
    }

    private async Task AfterHandshakeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        connection.Features.Get<HandshakeSlot>()?.Release();

        // The handshake accepted the certificate; this reads whose it is. Should the check now refuse it (trust data
        // changed since the handshake), the connection ends here, as its first call's own check would end it.
        var check = identify(connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate);
        if (!check.IsAccepted)
        {
            ConnectionGateLog.RefusedAfterHandshake(logger, check.Problem, check.Detail);
            return;
        }

        if (!TryEnter(_peers, check.Peer, options.MaxConnectionsPerPeer))
        {
            ConnectionGateLog.PeerConnectionsExceeded(logger, check.Peer, options.MaxConnectionsPerPeer, options.ConnectionsSetting);
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Exit(_peers, check.Peer);
        }
    }

    /// <summary>
    /// Logged at most once every <see cref="HandshakeLogInterval"/> with the count since, so that a host opening sockets as
    /// fast as it can does not flood the log as well as the listener.
    /// </summary>
    private void RefusedHandshake(IPAddress address)
    {
        var refused = Interlocked.Increment(ref _refusedHandshakes);
        var now = time.GetUtcNow().UtcTicks;
        var due = Volatile.Read(ref _nextHandshakeLogTicks);
        if (now >= due && Interlocked.CompareExchange(ref _nextHandshakeLogTicks, now + HandshakeLogInterval.Ticks, due) == due)
        {
            ConnectionGateLog.HandshakesExceeded(logger, address, options.MaxHandshakesPerAddress, options.HandshakesSetting, refused);
        }
    }

    private static readonly TimeSpan HandshakeLogInterval = TimeSpan.FromSeconds(10);

    private static bool TryEnter<TKey>(Dictionary<TKey, int> counts, TKey key, int limit)
        where TKey : notnull
    {
        lock (counts)
        {
            var held = counts.GetValueOrDefault(key);
            if (held >= limit)
            {
                return false;
            }

            counts[key] = held + 1;
            return true;
        }
    }

    private static void Exit<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        lock (counts)
        {
            var left = counts.GetValueOrDefault(key) - 1;
            if (left > 0)
            {
                counts[key] = left;
            }
            else
            {
                counts.Remove(key);
            }
        }
    }

    /// <summary>A handshake's place in its address's count, given back once: when TLS completes or the connection ends.</summary>
    private sealed class HandshakeSlot(ConnectionGate<TPeer> gate, IPAddress address)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Exit(gate._handshakes, address);
            }
        }
    }
}
