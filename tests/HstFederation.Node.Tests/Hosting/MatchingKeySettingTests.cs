using HstFederation.DevPki;
using HstFederation.Node.Hosting;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Tests.Agency;
using HstFederation.Node.Tests.HubLink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>Node:MatchingKeyPath as `serve` reads it: the key file's current key, a warning at start without one, a bad file refused by name.</summary>
public sealed class MatchingKeySettingTests
{
    [Fact]
    public async Task Serve_WithTheMembersKeyFile_TokenisesUnderItsCurrentKey_WithoutTheNoKeyWarning()
    {
        await using var hub = await TestHub.StartAsync();
        await using var node = await AgencyNode.StartAsync(hub, $"--Node:MatchingKeyPath={FederationLayout.MatchingKey(hub.DirectoryPath, "FR")}");

        Assert.Equal(DevelopmentFederation.MatchingKeyId, node.Services.GetRequiredService<BlindTokens>().Key!.Id);
        Assert.DoesNotContain(node.Log.Entries, e => e.EventId == 4045);
    }

    [Fact]
    public async Task Serve_WithoutAKey_SendsNoTokens_AndWarnsOnce()
    {
        await using var hub = await TestHub.StartAsync();
        await using var node = await AgencyNode.StartAsync(hub);

        Assert.Null(node.Services.GetRequiredService<BlindTokens>().Key);
        Assert.Single(node.Log.Entries, e => e is { Level: LogLevel.Warning, EventId: 4045 });
    }

    [Theory]
    [InlineData(5, false, "holds 5 keys; at most 4")]
    [InlineData(2, true, "names a key id twice")]
    public void Load_MoreKeysThanTheHubTakes_OrAnIdTwice_IsRefused(int count, bool sameId, string problem)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Entities.MatchingKey.Format(Enumerable.Range(1, count).Select(i => Entities.MatchingKey.Generate(sameId ? "k" : "k" + i))));

            var error = Assert.Throws<NodeConfigurationException>(() => MatchingKeyFile.Load(new NodeOptions { MatchingKeyPath = file }));

            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Init_ReadsTheKeyFile_PrintsItsIds_AndRefusesABadOneNamingTheSetting()
    {
        await using var hub = await TestHub.StartAsync();
        var database = Path.Combine(hub.DirectoryPath, "init", "node.db");
        var good = await Commands.CommandRun.RunAsync("init", $"--Node:DatabasePath={database}", $"--Node:MatchingKeyPath={FederationLayout.MatchingKey(hub.DirectoryPath, "DE")}");
        var bad = await Commands.CommandRun.RunAsync("init", $"--Node:DatabasePath={database}", $"--Node:MatchingKeyPath={FederationLayout.RootCertificate(hub.DirectoryPath)}");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("Matching key: dev-1", good.Out, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Node:MatchingKeyPath", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AFileThatIsNotAKeyFile_NamesTheSettingAndTheFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a key\n");

            var error = Assert.Throws<NodeConfigurationException>(() => MatchingKeyFile.Load(new NodeOptions { MatchingKeyPath = file }));

            Assert.Contains("Node:MatchingKeyPath", error.Message, StringComparison.Ordinal);
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Null(MatchingKeyFile.Load(new NodeOptions()));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
