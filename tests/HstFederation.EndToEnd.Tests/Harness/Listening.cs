using System.Net;
using System.Net.Sockets;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>Waits until a freshly started party has written its port file and accepts TCP connections on its port.</summary>
internal static class Listening
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    public static Task WaitAsync(ServiceProcess process, string portFile, int port, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            async () =>
            {
                process.ThrowIfExited();
                return File.Exists(portFile) && await AcceptsAsync(port, cancellationToken);
            },
            $"{process.Name} to listen on port {port}",
            StartDeadline,
            () => LogTail.Read(process.LogPath, 20),
            cancellationToken);

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
