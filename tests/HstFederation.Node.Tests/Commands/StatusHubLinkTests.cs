using System.Text.Json;
using Google.Protobuf;
using HstFederation.Node.Commands;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Hosting;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// A long hub outage as the duty officer sees it: `hst-node status` probes a hub that does not answer, but a real `serve`
/// (in-process, through the command line) has held the link all along; status must show what serve knows of it —
/// since when the hub is unreachable, when it last answered, the directory and CRL serve holds, the messages that wait.
/// </summary>
public sealed class StatusHubLinkTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _directory = Directory.CreateTempSubdirectory("hst-node-status-link-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Status_DuringAHubOutage_ShowsWhatServeKnows_SinceWhenUnreachable_LastAnswer_DirectoryAndCrlHeld_MessagesWaiting()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();
        var settings = FrServeSettings.Create(
            _hub, _directory, "status hub link tests", "--Node:DirectoryRefresh=00:00:01", "--Node:OutboxPollInterval=00:00:00.200",
            "--Node:RetryDelay=00:00:00.050", "--Node:MaxRetryDelay=00:00:00.500");
        using var stop = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var serve = Task.Run(() => NodeCommandLine.RunAsync(["serve", .. settings], stdout, stderr, TimeProvider.System, stop.Token));
        try
        {
            await Eventually.TrueAsync(
                () => Task.FromResult(HubLinkState.Read(database).Record is { Reachable: true, DirectorySerial: not null }),
                "serve records that the hub answers, with the directory it holds");
            var held = HubLinkState.Read(database).Record!;

            await _hub.StopAsync();
            await Eventually.TrueAsync(() => Task.FromResult(HubLinkState.Read(database).Record is { Reachable: false }), "serve records the hub unreachable");
            var send = await CommandRun.RunAsync(["send", "--file", await WriteMessageAsync(), "--to", "DE", .. settings]);
            Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());

            var text = await CommandRun.RunAsync(["status", .. settings]);
            var json = await CommandRun.RunAsync(["status", "--json", .. settings]);

            var down = HubLinkState.Read(database).Record!;
            Assert.Equal(NodeCommandLine.Failure, text.ExitCode);
            Assert.Contains("Hub          UNREACHABLE", text.Out, StringComparison.Ordinal);
            Assert.Contains(
                $"Hub link     serve (pid {Environment.ProcessId}) says hub UNREACHABLE since {Display.Time(down.UnreachableSince!.Value)} (", text.Out, StringComparison.Ordinal);
            Assert.Contains($"; last answer from the hub {Display.Time(down.LastContactAt!.Value)}; 1 queued message(s) wait; holds directory serial {held.DirectorySerial}, issued ",
                text.Out, StringComparison.Ordinal);
            Assert.Contains($"; CRL number {held.CrlNumber} due for renewal ", text.Out, StringComparison.Ordinal);
            Assert.True(down.LastContactAt <= down.UnreachableSince, $"{down.LastContactAt} {down.UnreachableSince}");

            Assert.Equal(NodeCommandLine.Failure, json.ExitCode);
            using var document = JsonDocument.Parse(json.Out);
            var link = document.RootElement.GetProperty("hubLink");
            Assert.True(link.GetProperty("current").GetBoolean());
            Assert.False(link.GetProperty("reachable").GetBoolean());
            Assert.Equal(down.UnreachableSince, link.GetProperty("unreachableSince").GetDateTimeOffset());
            Assert.Equal(down.LastContactAt, link.GetProperty("lastContactAt").GetDateTimeOffset());
            Assert.StartsWith("Unavailable", link.GetProperty("problem").GetString(), StringComparison.Ordinal);
            Assert.Equal(held.DirectorySerial, link.GetProperty("directory").GetProperty("serial").GetInt64());
            Assert.False(link.GetProperty("directory").GetProperty("expired").GetBoolean());
            Assert.Equal(held.CrlNumber, link.GetProperty("crl").GetProperty("number").GetString());
            Assert.Equal(1, document.RootElement.GetProperty("store").GetProperty("queued").GetInt64());

            // The hub back: serve says so at its next call, and the outage is over.
            await _hub.StartAgainAsync();
            await Eventually.TrueAsync(
                () => Task.FromResult(HubLinkState.Read(database).Record is { Reachable: true, UnreachableSince: null } back && back.LastContactAt > down.LastContactAt),
                "serve records the hub answering again");
        }
        finally
        {
            await stop.CancelAsync();
            Assert.True(await serve == NodeCommandLine.Success, stderr.ToString());
        }
    }

    [Fact]
    public async Task Status_WhenNoServeRecordedTheLink_SaysSo()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();

        var text = await CommandRun.RunAsync(["status", .. FrServeSettings.Create(_hub, _directory, "status hub link tests")]);

        Assert.Contains("Hub link     nothing recorded: no 'hst-node serve' of this release has run on this database", text.Out, StringComparison.Ordinal);
    }

    private async Task<string> WriteMessageAsync()
    {
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.HubMayRead = false;
        var file = Path.Combine(_directory, "case.json");
        await File.WriteAllTextAsync(file, JsonFormatter.Default.Format(message));
        return file;
    }
}
