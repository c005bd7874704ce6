using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Storage;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Commands;

public sealed class StatsCommandTests
{
    [Fact]
    public async Task Stats_AfterAcceptedSubmissions_ShowsQueueDepthAgeAndRejections()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        await using (var store = HubStore.Open(hub.DatabasePath, hub.Time))
        {
            await store.SubmitAsync(Make(FR, 1, DE, IT));
            await store.SubmitAsync(Make(FR, 2, DE));
            await store.SubmitAsync(Make(IT, 1, FR));
            await store.RecordRejectionAsync(ES.Uri, null, RejectionReason.Replay);
        }

        hub.Time.Advance(TimeSpan.FromMinutes(5));

        var json = (await hub.RunAsync("stats", "--json")).Json();
        Assert.Equal(3, json.GetProperty("acceptedMessages").GetInt64());
        Assert.Equal(4, json.GetProperty("undelivered").GetInt64());
        var parties = CommandHarness.Array(json, "parties").ToDictionary(p => p.GetProperty("party").GetString()!);
        Assert.Equal(2, parties[DE.Uri].GetProperty("undelivered").GetInt64());
        Assert.Equal(300, parties[DE.Uri].GetProperty("oldestUndeliveredAgeSeconds").GetInt64());
        Assert.Equal(2, parties[FR.Uri].GetProperty("accepted").GetInt64());
        Assert.Equal(0, parties[ES.Uri].GetProperty("undelivered").GetInt64());
        Assert.Equal(1, json.GetProperty("rejections").GetProperty("Replay").GetInt64());

        var text = await hub.RunAsync("stats");
        Assert.True(text.ExitCode == 0, text.ToString());
        var de = text.Out.Split('\n').Single(line => line.StartsWith(DE.Uri, StringComparison.Ordinal));
        Assert.Equal([DE.Uri, "2", "00:05:00", "0"], de.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Replay  1", text.Out, StringComparison.Ordinal);
    }
}
