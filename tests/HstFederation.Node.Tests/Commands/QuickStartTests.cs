using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Testing;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// docs/node.md's by-hand quick start, its node commands as written, with the real hub's matching: FR's example to DE and
/// DE's example to IT name one organiser; DE's hit is releasable to FR (FR does not hold DE's message), FR's is not (DE
/// holds FR's). Keeps the docs' examples and the lines shown for them true.
/// </summary>
public sealed class QuickStartTests : CommandLineTestBase
{
    private static string Example(string name) => Path.Combine(RepositoryRoot.Find(), "docs", "examples", name);

    [Fact]
    public async Task TheExamples_MatchAtTheHub_AndDeReleasesItsMessageToFr()
    {
        var fr = await RunAsync(Fr, "send", "--file", Example("hst-message.json"), "--to", "DE", "--handling", "H2");
        var de = await RunAsync(De, "send", "--file", Example("hst-message-de.json"), "--to", "IT", "--json");
        Assert.True(fr.ExitCode == NodeCommandLine.Success, fr.ToString());
        Assert.True(de.ExitCode == NodeCommandLine.Success, de.ToString());
        Assert.True(JsonDocument.Parse(de.Out).RootElement.GetProperty("hubMayRead").GetBoolean());
        await Fr.Sender.RunOnceAsync(CancellationToken.None);
        await De.Sender.RunOnceAsync(CancellationToken.None);
        Fr.StartSubscriber();
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1 && De.Count("SELECT COUNT(*) FROM hits;") == 1),
            "the hub notifies both sources");

        var hits = await RunAsync(De, "hits", "--json");
        var hit = Assert.Single(JsonDocument.Parse(hits.Out).RootElement.GetProperty("hits").EnumerateArray());
        var frHit = Assert.Single(JsonDocument.Parse((await RunAsync(Fr, "hits", "--json")).Out).RootElement.GetProperty("hits").EnumerateArray());
        var release = await RunAsync(De, "release", hit.GetProperty("short").GetString()!);

        Assert.Equal("FR", hit.GetProperty("otherSender").GetString());
        Assert.True(hit.GetProperty("releasable").GetBoolean());
        Assert.False(frHit.GetProperty("releasable").GetBoolean());
        Assert.True(release.ExitCode == NodeCommandLine.Success, release.ToString());
        Assert.Contains("to FR", release.Out, StringComparison.Ordinal);
    }
}
