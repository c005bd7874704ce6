using System.Text.Json;
using Google.Protobuf;
using HstFederation.Node.Commands;
using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Samples;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// The command line with the files and arguments an operator gives it, no hub needed: a settings file that is not
/// JSON, `init` with a setting given empty, the paging hint, a command's help against what it accepts.
/// </summary>
public sealed class CommandLineFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hst-cli-files-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("serve")]
    public async Task AnyCommand_WithAConfigFileThatIsNotJson_NamesTheFile_AndExitsOne(string command)
    {
        var file = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(file, "{\"Node\":{\n");

        var run = await CommandRun.RunAsync(command, "--config", file);

        Assert.True(run.ExitCode == NodeCommandLine.Failure, run.ToString());
        Assert.Contains($"hst-node {command}: Failed to load configuration from file '{file}'.", run.Error, StringComparison.Ordinal);
        Assert.Contains("Fix the file's JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 1", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeApplication_WithAConfigFileThatIsNotJson_IsAConfigurationErrorNamingTheFile()
    {
        var file = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(file, "{\"Node\":{\n");

        var error = Assert.Throws<NodeConfigurationException>(() => NodeApplication.Build([$"--config={file}"]));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_WithAPathSettingGivenEmpty_WritesItUnset_AndOtherCommandsTakeTheFile()
    {
        var config = Path.Combine(_directory, "n.json");
        var database = Path.Combine(_directory, "n.db");

        var init = await CommandRun.RunAsync("init", "--config", config, $"--Node:DatabasePath={database}", "--Node:MatchingKeyPath=");

        Assert.True(init.ExitCode == NodeCommandLine.Success, init.ToString());
        using (var written = JsonDocument.Parse(await File.ReadAllTextAsync(config)))
        {
            var node = written.RootElement.GetProperty("Node");
            Assert.Equal(database, node.GetProperty("DatabasePath").GetString());
            Assert.Equal(string.Empty, node.GetProperty("MatchingKeyPath").GetString());
        }

        var audit = await CommandRun.RunAsync("verify-audit", "--config", config);
        Assert.True(audit.ExitCode == NodeCommandLine.Success, audit.ToString());
    }

    [Fact]
    public async Task Outbox_MoreLine_RepeatsTheFiltersAndConfigGiven_AndRunsAsTheNextPage()
    {
        var config = Path.Combine(_directory, "n.json");
        Assert.Equal(NodeCommandLine.Success, (await CommandRun.RunAsync("init", "--config", config, $"--Node:DatabasePath={Path.Combine(_directory, "n.db")}")).ExitCode);
        var queued = new List<long>();
        await using (var store = NodeStore.Open(Path.Combine(_directory, "n.db"), TimeProvider.System))
        {
            for (var i = 0; i < 3; i++)
            {
                var now = DateTimeOffset.UtcNow;
                var item = new OutboxItem(
                    MessageIds.NewId(now, SystemRandomSource.Instance), "operator:test", SampleMessages.Realistic(now).ToByteArray(), [PartyId.Member("DE").Uri]);
                queued.Add((await store.EnqueueAsync(item)).LocalId);
            }
        }

        var first = await CommandRun.RunAsync("outbox", "--state", "queued", "--limit", "1", "--config", config);

        Assert.True(first.ExitCode == NodeCommandLine.Success, first.ToString());
        var more = MoreLine(first.Out);
        Assert.Equal($"More: hst-node outbox --state queued --limit 1 --config {config} --before {queued[2]}", more);
        var second = await CommandRun.RunAsync(more["More: hst-node ".Length..].Split(' '));
        Assert.True(second.ExitCode == NodeCommandLine.Success, second.ToString());
        Assert.Contains($"{Environment.NewLine}{queued[1]} ", second.Out, StringComparison.Ordinal);
        Assert.Equal($"More: hst-node outbox --state queued --limit 1 --config {config} --before {queued[1]}", MoreLine(second.Out));
    }

    [Fact]
    public async Task Restrict_Help_OffersEveryCodeTheCommandTakes()
    {
        var help = await CommandRun.RunAsync("restrict", "--help");

        Assert.StartsWith("Usage: hst-node restrict <message id> [--handling H0..H3]", help.Out, StringComparison.Ordinal);
        Assert.Contains("H1 for an H0", help.Out, StringComparison.Ordinal);
    }

    private static string MoreLine(string output) =>
        Assert.Single(output.Split(Environment.NewLine), line => line.StartsWith("More:", StringComparison.Ordinal));
}
