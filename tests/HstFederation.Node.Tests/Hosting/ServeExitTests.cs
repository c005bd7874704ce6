using HstFederation.Hosting;
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

        var (exit, stderr) = await ServeUntilItStopsAsync();

        Assert.True(exit == NodeCommandLine.Failure, $"exit {exit}{Environment.NewLine}{stderr}");
        Assert.Contains("the hub link's order sender failed unexpectedly", stderr, StringComparison.Ordinal);
        Assert.Contains("event 5006", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnADatabaseOfANewerSchema_RefusesToStartWithTheOneLineTheCommandsPrint()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            connection.Execute("INSERT INTO schema_version VALUES (99, 0);");
        }

        var (exit, stderr) = await ServeUntilItStopsAsync();

        Assert.Equal(NodeCommandLine.Failure, exit);
        Assert.StartsWith($"hst-node serve: {database} is at schema version 99; this node knows versions up to {SchemaMigrations.LatestVersion}: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WhileAnotherServeHoldsTheDatabase_RefusesAtOnceWithOneLineNamingTheDatabaseAndTheHolder()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();
        using var running = await ServeLock.AcquireAsync(database, "hst-node", "Node:DatabasePath", TimeProvider.System, CancellationToken.None);

        var (exit, stderr) = await ServeUntilItStopsAsync();

        Assert.Equal(NodeCommandLine.Failure, exit);
        Assert.StartsWith($"hst-node serve: {database} is already served by another 'hst-node serve' (pid {Environment.ProcessId}, started ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Serve_ServeLockFileCannotBeWritten_OneLineNamingIt_NotACrash()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();
        // Where serve writes its pid before renaming it into place: a directory there fails the write as a full disk does.
        Directory.CreateDirectory(database + ".serve.pid.tmp");

        var (exit, stderr) = await ServeUntilItStopsAsync();

        Assert.Equal(NodeCommandLine.Failure, exit);
        Assert.StartsWith($"hst-node serve: cannot write {database}.serve.pid, the serve lock beside {database}: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("node.db")]
    [InlineData("not-mounted/node.db")]
    public async Task Serve_DatabaseDoesNotExist_RefusesToCreateANewNode_AndWritesNothingThere(string relative)
    {
        var database = Path.Combine(_directory, relative);

        var (exit, stderr) = await ServeUntilItStopsAsync($"--Node:DatabasePath={database}");

        Assert.Equal(
            (NodeCommandLine.Failure, $"hst-node serve: Node:DatabasePath: {database} does not exist; create it with 'hst-node init'.{Environment.NewLine}"),
            (exit, stderr));
        Assert.False(File.Exists(database));
        Assert.False(File.Exists(database + ".serve"));
        // The volume not mounted stays not there: serve creates no directory for the node it refuses to create.
        Assert.Equal(relative == "node.db", Directory.Exists(Path.GetDirectoryName(database)));
    }

    [Fact]
    public async Task Serve_DatabaseIsAnEmptyFile_RefusesIt_AndLeavesItEmpty()
    {
        var database = Path.Combine(_directory, "node.db");
        await File.WriteAllBytesAsync(database, []);

        var (exit, stderr) = await ServeUntilItStopsAsync();

        Assert.Equal(
            (NodeCommandLine.Failure,
                $"hst-node serve: Node:DatabasePath: {database} is empty (0 bytes): not a node database. If the node's database was here, " +
                $"restore it from a backup; a new node starts with 'hst-node init'. Nothing was changed.{Environment.NewLine}"),
            (exit, stderr));
        Assert.Equal(0, new FileInfo(database).Length);
        Assert.False(File.Exists(database + "-wal"));
        Assert.False(File.Exists(database + ".serve"));
    }

    [Fact]
    public async Task Serve_AgencyPortHeldByAnotherProgram_OneLineNamingTheAddressAndTheSetting_NotKestrelsMessage()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var (exit, stderr) = await ServeUntilItStopsAsync($"--Node:AgencyPort={port}");

        Assert.Equal(
            (NodeCommandLine.Failure,
                $"hst-node serve: cannot listen on 127.0.0.1:{port} (Node:AgencyPort): the address is already in use. Another program holds it " +
                $"(see 'ss -ltnp'); stop it, or set Node:AgencyPort to a free port.{Environment.NewLine}"),
            (exit, stderr));
    }

    /// <summary>Runs serve in-process until it stops by itself; should it not, a deadline stops it (exit 0) and the test fails instead of hanging.</summary>
    private async Task<(int Exit, string Stderr)> ServeUntilItStopsAsync(params string[] extra)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await NodeCommandLine.RunAsync(["serve", .. FrServeSettings.Create(_hub, _directory, "node serve exit tests", extra)], stdout, stderr, TimeProvider.System, deadline.Token);
        Assert.False(deadline.IsCancellationRequested, "serve did not stop by itself");
        return (exit, stderr.ToString());
    }
}
