using System.Net;
using Microsoft.Extensions.Logging;

namespace HstFederation.Hosting;

/// <summary>
/// <see cref="ConnectionGate{TPeer}"/>'s log events, under its category (HstFederation.Hosting.ConnectionGate) whichever
/// listener it guards; the event ids are those the hub's gate has always logged.
/// </summary>
internal static partial class ConnectionGateLog
{
    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Connection from {Address} closed before TLS: it already has {Limit} handshakes in progress ({Setting}); {Refused} refused so far, from any address")]
    public static partial void HandshakesExceeded(ILogger logger, IPAddress address, int limit, string setting, long refused);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Connection closed right after TLS: its client certificate no longer passes: {Problem} ({Detail})")]
    public static partial void RefusedAfterHandshake(ILogger logger, string problem, string detail);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Connection of {Peer} closed after TLS: it already holds {Limit} connections ({Setting})")]
    public static partial void PeerConnectionsExceeded(ILogger logger, object peer, int limit, string setting);
}
