using HstFederation.Hosting;
using HstFederation.Hub.Commands;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// ARCHITECTURE §2, trust data expires closed: `hst-hub status` shows the federation CRL the hub judges members by, and
/// says OVERDUE from its nextUpdate (while Hub:RevocationGrace still runs) and STALE after, each exit 1, since a stale CRL
/// stops the whole federation.
/// </summary>
public sealed class StatusRevocationListTests : IDisposable
{
    private readonly CommandHarness _hub = CommandHarness.Create();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Status_WithACurrentCrl_ShowsItsNumberAndNextUpdate_AndExitsZero()
    {
        Assert.Equal(HubCommandLine.Success, (await _hub.RunAsync("init")).ExitCode);
        using var serving = await ServeLock.AcquireAsync(_hub.DatabasePath, "hst-hub", "Hub:DatabasePath", _hub.Time, CancellationToken.None);

        var text = await _hub.RunAsync("status");

        Assert.True(text.ExitCode == HubCommandLine.Success, text.ToString());
        Assert.Contains($"Federation   CRL number {_hub.Federation.Crl.Number} due for renewal {CommandContext.Format(_hub.Federation.Crl.NextUpdate)}{Environment.NewLine}", text.Out, StringComparison.Ordinal);
        var json = await _hub.RunAsync("status", "--json");
        Assert.False(json.Json().GetProperty("revocationList").GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task Status_WithACrlPastItsNextUpdate_SaysOverdueThenStale_WithWhenAndWhereTheFreshOneGoes_AndExitsOne()
    {
        Assert.Equal(HubCommandLine.Success, (await _hub.RunAsync("init")).ExitCode);
        using var serving = await ServeLock.AcquireAsync(_hub.DatabasePath, "hst-hub", "Hub:DatabasePath", _hub.Time, CancellationToken.None);
        var now = _hub.Time.GetUtcNow();
        File.WriteAllText(_hub.RevocationListPath, _hub.Federation.Pki.IssueCrl(now.AddHours(-2), now.AddHours(-1)).Pem + "\n");

        var overdue = await _hub.RunAsync("status");
        var overdueJson = await _hub.RunAsync("status", "--json");

        Assert.Equal(HubCommandLine.Failure, overdue.ExitCode);
        Assert.Contains(
            $"due for renewal {CommandContext.Format(now.AddHours(-1))}: OVERDUE; from {CommandContext.Format(now.AddHours(23))} (Hub:RevocationGrace) the serving hub refuses every member's certificate",
            overdue.Out,
            StringComparison.Ordinal);
        Assert.Contains($"put a fresh CRL from the CA operator at {_hub.RevocationListPath}", overdue.Out, StringComparison.Ordinal);
        Assert.Equal(HubCommandLine.Failure, overdueJson.ExitCode);
        var crl = overdueJson.Json().GetProperty("revocationList");
        Assert.True(crl.GetProperty("overdue").GetBoolean());
        Assert.False(crl.GetProperty("stale").GetBoolean());
        Assert.Equal(now.AddHours(23), crl.GetProperty("staleAt").GetDateTimeOffset());

        _hub.Time.Advance(TimeSpan.FromDays(1));
        var stale = await _hub.RunAsync("status");

        Assert.Equal(HubCommandLine.Failure, stale.ExitCode);
        Assert.Contains($": STALE since {CommandContext.Format(now.AddHours(23))} (Hub:RevocationGrace): the serving hub refuses every member's certificate and accepts nothing", stale.Out, StringComparison.Ordinal);
    }
}
