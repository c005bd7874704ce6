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
    private const int OwnCredentialsRevokedEvent = 5013;

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
        var app = NodeApplication.Build(
            FrServeSettings.Create(_hub, _directory, "node trust refresh tests",
                $"--Node:RevocationListPath={crl}", "--Node:RevocationGrace=00:01:00", "--Node:DirectoryRefresh=00:01:00"),
            clock, log);
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

    [Fact]
    public async Task Serve_TheCrlRevokesThisNcb_SaysSoAtCriticalAtTheNextRefresh_EvenWithNothingQueued()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var crl = Path.Combine(_directory, "federation.crl.pem");
        var now = clock.GetUtcNow();
        await File.WriteAllTextAsync(crl, _hub.Federation.Pki.IssueCrl(now, now + TimeSpan.FromDays(7)).Pem + "\n");
        using var log = new LogSink();
        var app = NodeApplication.Build(
            FrServeSettings.Create(_hub, _directory, "node trust refresh tests", $"--Node:RevocationListPath={crl}", "--Node:DirectoryRefresh=00:01:00"),
            clock, log);
        try
        {
            await app.StartAsync();
            Assert.DoesNotContain(log.Entries, e => e.EventId == OwnCredentialsRevokedEvent);

            // The General Secretariat revokes FR; the CA operator's new CRL lands in FR's CRL file.
            _hub.Federation.Pki.Revoke(_hub.Federation.Members["FR"], now);
            clock.Advance(TimeSpan.FromSeconds(30));
            await File.WriteAllTextAsync(crl, _hub.Federation.Pki.IssueCrl(clock.GetUtcNow(), clock.GetUtcNow() + TimeSpan.FromDays(7)).Pem + "\n");
            clock.Advance(TimeSpan.FromMinutes(1));
            await Eventually.TrueAsync(() => Task.FromResult(log.Entries.Any(e => e.EventId == OwnCredentialsRevokedEvent)), "the node says this NCB is revoked");

            var critical = log.Entries.First(e => e.EventId == OwnCredentialsRevokedEvent);
            Assert.Equal(LogLevel.Critical, critical.Level);
            Assert.Contains("THIS NCB IS REVOKED", critical.Message, StringComparison.Ordinal);
            Assert.Contains(_hub.Federation.Members["FR"].Signing.SerialNumber, critical.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(log.Entries, e => e.EventId == TrustDataStaleEvent);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
