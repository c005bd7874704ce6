using System.Globalization;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// With ports 0, the hub writes the ports it bound for whoever started it (./hst, tests, the load generator), so that
/// nobody has to choose a free port and release it for the hub to bind: another connection can take it in between.
/// </summary>
public sealed class PortFileTests
{
    [Fact]
    public async Task Start_WithPortFiles_WritesTheBoundTlsAndAdminPorts()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-ports-").FullName;
        var portFile = Path.Combine(directory, "hub.port");
        var adminPortFile = Path.Combine(directory, "hub.admin-port");
        try
        {
            await using var hub = await HubServer.StartAsync(null, null, $"--Hub:PortFile={portFile}", $"--Hub:AdminPortFile={adminPortFile}");

            Assert.Equal(hub.Port.ToString(CultureInfo.InvariantCulture), await File.ReadAllTextAsync(portFile));
            Assert.NotNull(hub.AdminPort);
            Assert.NotEqual(hub.Port, hub.AdminPort);
            Assert.Equal(hub.AdminPort.Value.ToString(CultureInfo.InvariantCulture), await File.ReadAllTextAsync(adminPortFile));
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_AdminListenerDisabled_WritesNoAdminPortFile()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-ports-").FullName;
        var adminPortFile = Path.Combine(directory, "hub.admin-port");
        try
        {
            await using var hub = await HubServer.StartAsync(null, null, "--Hub:AdminPort=-1", $"--Hub:AdminPortFile={adminPortFile}");

            Assert.Null(hub.AdminPort);
            Assert.False(File.Exists(adminPortFile));
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
