using System.Net;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HstFederation.Hub.Security;

/// <summary>
/// Who may hold the hub's connection slots (<see cref="HubOptions.MaxConnections"/>, all parties together): no remote
/// address more than <see cref="HubOptions.MaxHandshakesPerAddress"/> TLS handshakes in progress (before a certificate is
/// shown the address is all there is to count by), and no member more than <see cref="HubOptions.MaxConnectionsPerMember"/>
/// established connections. Without them one host that never finishes a handshake, or one member that opens connection
/// after connection, takes the slots every other member needs to reconnect (THREATS 30). A connection over a limit is
/// closed at once, before TLS or right after it, and logged.
/// </summary>
internal sealed partial class ConnectionGate(HubOptions options, FederationTrust trust, ILogger<ConnectionGate> logger)
{
    private readonly Dictionary<IPAddress, int> _handshakes = [];
    private readonly Dictionary<PartyId, int> _members = [];
    private long _refusedHandshakes;
    private long _nextHandshakeLogTicks;

    /// <summary>Wraps the TLS that <paramref name="useHttps"/> adds: counted by address before it, by member after it.</summary>
    public void Configure(ListenOptions listen, Action<ListenOptions> useHttps)
    {
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

    /// <summary>Established connections of <paramref name="member"/> now (tests, diagnostics).</summary>
    public int ConnectionsOf(PartyId member)
    {
        lock (_members)
        {
            return _members.GetValueOrDefault(member);
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

        // The handshake accepted the certificate (FederationTls.Accept); this reads whose it is. The check is memoized by
        // the certificate's hash, so only its time and CRL parts run again; should those now refuse it (a CRL loaded or
        // gone stale since the handshake), the connection ends here, as the next call's own check would end it.
        var certificate = connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        var check = certificate is null ? null : trust.Validate(certificate.RawData, CertificatePurpose.Tls, trust.Time.GetUtcNow());
        if (check is not { IsValid: true, Key: { } key })
        {
            LogRefusedAfterHandshake(logger, check?.Problem ?? CertificateProblem.Malformed, check?.Detail ?? "no client certificate");
            return;
        }

        if (!TryEnter(_members, key.Party, options.MaxConnectionsPerMember))
        {
            LogMemberConnectionsExceeded(logger, key.Party, options.MaxConnectionsPerMember);
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Exit(_members, key.Party);
        }
    }

    /// <summary>
    /// Logged at most once every <see cref="HandshakeLogInterval"/> with the count since, so that a host opening sockets as
    /// fast as it can does not flood the log as well as the listener.
    /// </summary>
    private void RefusedHandshake(IPAddress address)
    {
        var refused = Interlocked.Increment(ref _refusedHandshakes);
        var now = trust.Time.GetUtcNow().UtcTicks;
        var due = Volatile.Read(ref _nextHandshakeLogTicks);
        if (now >= due && Interlocked.CompareExchange(ref _nextHandshakeLogTicks, now + HandshakeLogInterval.Ticks, due) == due)
        {
            LogHandshakesExceeded(logger, address, options.MaxHandshakesPerAddress, refused);
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
    private sealed class HandshakeSlot(ConnectionGate gate, IPAddress address)
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

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Connection from {Address} closed before TLS: it already has {Limit} handshakes in progress (Hub:MaxHandshakesPerAddress); {Refused} refused so far, from any address")]
    private static partial void LogHandshakesExceeded(ILogger logger, IPAddress address, int limit, long refused);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Connection closed right after TLS: its client certificate no longer passes: {Problem} ({Detail})")]
    private static partial void LogRefusedAfterHandshake(ILogger logger, CertificateProblem problem, string detail);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Connection of {Member} closed after TLS: it already holds {Limit} connections (Hub:MaxConnectionsPerMember)")]
    private static partial void LogMemberConnectionsExceeded(ILogger logger, PartyId member, int limit);
}
