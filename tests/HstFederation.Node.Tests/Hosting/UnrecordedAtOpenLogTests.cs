using HstFederation.Node.Hosting;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// The node as `serve` builds it, on a file whose open-time catch-up leaves hub messages unrecorded (stored before migration
/// 14, no longer parsing or passing the check): it says so once it has started (event 5009, with how many), beyond the audit.
/// </summary>
public sealed class UnrecordedAtOpenLogTests : IAsyncLifetime
{
    private const int UnrecordedAtOpenEvent = 5009;

    private TestHub _hub = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("hst-node-unrecorded-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serve_AFileWithAnUnparseableNotificationAndAProductFailingTheCheck_WarnsAtStartWithTheCount()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var failsCheck = HubProducts.Network("FR", "Ghat fuel depot");
        failsCheck.Kind = ProductKind.Corridor;
        using (var connection = Version13File.Create(Path.Combine(_directory, "node.db"), clock))
        {
            var kept = HubProducts.Network("FR", "Sabratha boat yard");
            Version13File.InsertProductRow(connection, kept.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, kept, 1));
            Version13File.InsertProductRow(connection, failsCheck.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, failsCheck, 2));
            Version13File.InsertRaw(connection, [0xFF, 0xFF, 0xFF], HitNotification.Descriptor.FullName, 3);
        }

        using var log = new LogSink();
        await StartAndStopAsync(clock, log);

        var warning = Assert.Single(log.Entries, e => e.EventId == UnrecordedAtOpenEvent);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("2 hub message(s) stored before node migration 14 no longer read as valid and were left unrecorded", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Messages, m => m.Contains("Ghat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_AFileWithNothingUnrecorded_DoesNotWarn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using (var connection = Version13File.Create(Path.Combine(_directory, "node.db"), clock))
        {
            var kept = HubProducts.Network("FR", "Sabratha boat yard");
            Version13File.InsertProductRow(connection, kept.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, kept, 1));
        }

        using var log = new LogSink();
        await StartAndStopAsync(clock, log);

        Assert.DoesNotContain(log.Entries, e => e.EventId == UnrecordedAtOpenEvent);
    }

    /// <summary>
    /// Starts the node logging to <paramref name="log"/>, then stops it: the warning is written when the host reports
    /// started (ApplicationStarted), which StartAsync raises before it returns.
    /// </summary>
    private async Task StartAndStopAsync(FakeTimeProvider clock, LogSink log)
    {
        var app = NodeApplication.Build(FrServeSettings.Create(_hub, _directory, "node unrecorded at open tests"), clock, log);
        try
        {
            await app.StartAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
