using System.Net;
using System.Net.Sockets;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>A loopback port free now, chosen once so that a party can be killed and restarted on the same address.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
