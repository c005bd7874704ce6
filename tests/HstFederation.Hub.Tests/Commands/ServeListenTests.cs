using System.Net;
using System.Net.Sockets;
using HstFederation.Hub.Commands;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// serve on a port another program holds: one line naming the address, the setting and what to do, exit 1 — it aborted
/// with Kestrel's stack trace (exit 134), which a service manager's log shows as a crash.
/// </summary>
public sealed class ServeListenTests
{
    [Theory]
    [InlineData("Hub:Port", "--Hub:AdminPort=-1")]
    [InlineData("Hub:AdminPort", "--Hub:Port=0")]
    public async Task Serve_PortHeldByAnotherProgram_RefusesInOneLineNamingTheAddressAndTheSetting(string setting, string other)
    {
        using var hub = CommandHarness.Create();
        var database = Path.Combine(hub.PkiDirectory, "hub.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunBareAsync("init", $"--Hub:DatabasePath={database}")).ExitCode);
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var serve = await hub.RunBareAsync(["serve", .. Hosting.HubArguments.For(hub.PkiDirectory, [other, $"--{setting}={port}"], [])]);

        Assert.Equal(
            (HubCommandLine.Failure,
                $"hst-hub serve: cannot listen on 127.0.0.1:{port} ({setting}): the address is already in use. Another program holds it " +
                $"(see 'ss -ltnp'); stop it, or set {setting} to a free port.{Environment.NewLine}"),
            (serve.ExitCode, serve.Error));
    }
}
