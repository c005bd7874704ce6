using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HstFederation.Testing.Processes;

/// <summary>
/// A loopback port free now, chosen once so that a party (an end-to-end test's hub or node, the load generator's hub) can
/// be killed and restarted on the same address. It is taken below the kernel's ephemeral range: ports there are handed out
/// to every outgoing connection and to listeners on port 0 (other tests run beside these), and one of them could take the
/// port while its party is down.
/// </summary>
public static class FreePort
{
    private const int Lowest = 20_000;

    public static int Pick()
    {
        var ceiling = EphemeralRangeStart();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, ceiling);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {ceiling}");
    }

    /// <summary>The first port of Linux's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), 32768 by default.</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
            var start = int.Parse(first, CultureInfo.InvariantCulture);
            return start > Lowest + 1000 ? start : 32_768;
        }
        catch (Exception error) when (error is IOException or FormatException or UnauthorizedAccessException)
        {
            return 32_768;
        }
    }
}
