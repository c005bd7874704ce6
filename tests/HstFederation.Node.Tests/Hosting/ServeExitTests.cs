using System.Text;
using HstFederation.DevPki;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// `hst-node serve` through the command line, as a service manager runs it: when a hub-link loop fails on what it does
/// not expect, the node stops (HubLinkService) and the process must end non-zero, or a unit restarting on failure
/// (systemd Restart=on-failure) leaves it down.
/// </summary>
public sealed class ServeExitTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("hst-node-serve-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serve_AHubLinkLoopFailsUnexpectedly_StopsAndExitsWithFailure_NamingTheLoop()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            // A table the order sender reads on its first pass is gone: an error no loop retries.
            connection.Open();
            connection.Execute("ALTER TABLE lifecycle_orders_issued RENAME TO lifecycle_orders_issued_gone;");
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // Should the node not stop by itself, the deadline stops it (exit 0) and the test fails instead of hanging.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await NodeCommandLine.RunAsync(["serve", .. ServeArguments(database)], stdout, stderr, TimeProvider.System, deadline.Token);

        Assert.False(deadline.IsCancellationRequested, "serve did not stop by itself");
        Assert.True(exit == NodeCommandLine.Failure, $"exit {exit}{Environment.NewLine}{stderr}");
        Assert.Contains("the hub link's order sender failed unexpectedly", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("event 5006", stderr.ToString(), StringComparison.Ordinal);
    }

    /// <summary>FR's settings for `serve` (as AgencyNode's), the agency listener on a free port with a national CA of its own.</summary>
    private string[] ServeArguments(string database)
    {
        var national = NationalAuthority.Create(Encoding.ASCII.GetBytes("node serve exit tests"), "FR", DateTimeOffset.UtcNow.AddMinutes(-5));
        var nationalDirectory = Path.Combine(_directory, "national");
        national.WriteTo(nationalDirectory);
        national.IssueServer().WriteTo(Path.Combine(nationalDirectory, "server.crt.pem"), Path.Combine(nationalDirectory, "server.key.pem"));
        var federation = _hub.DirectoryPath;
        return
        [
            $"--Node:DatabasePath={database}",
            $"--Node:CredentialsDirectory={FederationLayout.MemberDirectory(federation, "FR")}",
            $"--Node:RootCertificatePath={FederationLayout.RootCertificate(federation)}",
            $"--Node:RevocationListPath={FederationLayout.RevocationList(federation)}",
            $"--Node:HubAddress={_hub.Address}",
            "--Node:AgencyPort=0",
            $"--Node:AgencyRootCertificatePath={Path.Combine(nationalDirectory, "root.crt.pem")}",
            $"--Node:AgencyCertificatePath={Path.Combine(nationalDirectory, "server.crt.pem")}",
            $"--Node:AgencyPrivateKeyPath={Path.Combine(nationalDirectory, "server.key.pem")}",
            "--Logging:LogLevel:Default=Warning",
        ];
    }
}
