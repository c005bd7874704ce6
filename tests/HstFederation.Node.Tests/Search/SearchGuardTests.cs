using HstFederation.Node.Search;
using HstFederation.Node.Tests.Storage;

namespace HstFederation.Node.Tests.Search;

/// <summary>The search guard on a real SQLite read connection: a fired token or a spent budget interrupts the statement midway.</summary>
public sealed class SearchGuardTests
{
    /// <summary>About a million virtual-machine steps, whatever the data.</summary>
    private const string Long = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000) SELECT COUNT(*) FROM c;";

    [Fact]
    public async Task Run_TokenFired_InterruptsTheStatement_AndTheConnectionRunsFreelyOnceTheGuardIsGone()
    {
        await using var temp = TempNodeStore.Create();
        using var connection = temp.Store.Database.OpenReadConnection();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        using (var guard = SearchGuard.Install(connection, null, cancelled.Token))
        {
            Assert.Throws<OperationCanceledException>(() => guard.Run(() => connection.Scalar(Long)));
        }

        Assert.Equal(100000L, connection.Scalar(Long));
    }

    [Fact]
    public async Task Run_PastItsSteps_IsTooBroad_WithinThem_Completes()
    {
        await using var temp = TempNodeStore.Create();
        using var connection = temp.Store.Database.OpenReadConnection();

        using (var guard = SearchGuard.Install(connection, 10_000, CancellationToken.None))
        {
            Assert.Throws<SearchTooBroadException>(() => guard.Run(() => connection.Scalar(Long)));
        }

        using (var guard = SearchGuard.Install(connection, 100_000_000, CancellationToken.None))
        {
            Assert.Equal(100000L, guard.Run(() => connection.Scalar(Long)));
        }
    }
}
