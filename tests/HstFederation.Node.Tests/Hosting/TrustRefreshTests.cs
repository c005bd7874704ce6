using System.Text;
using HstFederation.DevPki;
using HstFederation.Node.Hosting;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>The node as `serve` builds it, on a fake clock: its CRL re-read (every Node:DirectoryRefresh) and what it says when the CRL is stale.</summary>
public sealed class TrustRefreshTests : IAsyncLifetime
{
    private const int TrustDataStaleEvent = 5008;

    private TestHub _hub = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("hst-node-trust-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serve_TheCrlGoesStale_WarnsAtTheNextRefresh_NamingTheFile_AndNotWhileFresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var crl = Path.Combine(_directory, "federation.crl.pem");
        var now = clock.GetUtcNow();
        await File.WriteAllTextAsync(crl, _hub.Federation.Pki.IssueCrl(now, now + TimeSpan.FromMinutes(1)).Pem + "\n");
        using var log = new LogSink();
        var app = NodeApplication.Build(ServeArguments(crl), clock, log);
        try
        {
            await app.StartAsync();
            Assert.DoesNotContain(log.Entries, e => e.EventId == TrustDataStaleEvent);

            // Past nextUpdate (1 min) + Node:RevocationGrace (1 min), at the next refresh tick.
            clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromMinutes(1));
            await Eventually.TrueAsync(() => Task.FromResult(log.Entries.Any(e => e.EventId == TrustDataStaleEvent)), "the node warns that its CRL is stale");

            var warning = log.Entries.First(e => e.EventId == TrustDataStaleEvent);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains(crl, warning.Message, StringComparison.Ordinal);
            Assert.Contains("was due for renewal", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>FR's settings for `serve` with its own CRL file, refreshed every minute, a minute's grace.</summary>
    private string[] ServeArguments(string crl)
    {
        var national = NationalAuthority.Create(Encoding.ASCII.GetBytes("node trust refresh tests"), "FR", DateTimeOffset.UtcNow.AddMinutes(-5));
        var nationalDirectory = Path.Combine(_directory, "national");
        national.WriteTo(nationalDirectory);
        national.IssueServer().WriteTo(Path.Combine(nationalDirectory, "server.crt.pem"), Path.Combine(nationalDirectory, "server.key.pem"));
        var federation = _hub.DirectoryPath;
        return
        [
            $"--Node:DatabasePath={Path.Combine(_directory, "node.db")}",
            $"--Node:CredentialsDirectory={FederationLayout.MemberDirectory(federation, "FR")}",
            $"--Node:RootCertificatePath={FederationLayout.RootCertificate(federation)}",
            $"--Node:RevocationListPath={crl}",
            "--Node:RevocationGrace=00:01:00",
            "--Node:DirectoryRefresh=00:01:00",
            $"--Node:HubAddress={_hub.Address}",
            "--Node:AgencyPort=0",
            $"--Node:AgencyRootCertificatePath={Path.Combine(nationalDirectory, "root.crt.pem")}",
            $"--Node:AgencyCertificatePath={Path.Combine(nationalDirectory, "server.crt.pem")}",
            $"--Node:AgencyPrivateKeyPath={Path.Combine(nationalDirectory, "server.key.pem")}",
            "--Logging:LogLevel:Default=Warning",
        ];
    }
}
