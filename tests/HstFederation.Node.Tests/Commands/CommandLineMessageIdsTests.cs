using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Commands;

/// <summary>A message id copied from any command's output (or the hub's) is taken by every command that takes one.</summary>
public sealed class CommandLineMessageIdsTests : CommandLineTestBase
{
    [Fact]
    public async Task ShowAndLedger_TakeTheUuid_Its32HexDigits_AndTheRowAsPrinted()
    {
        var send = await RunAsync(Fr, "send", "--file", await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow)), "--to", "DE", "--json");
        using var sent = JsonDocument.Parse(send.Out);
        var id = sent.RootElement.GetProperty("messageId").GetString()!;
        var local = sent.RootElement.GetProperty("localId").GetInt64();
        Assert.True(MessageIds.TryParse(id, out var bytes));
        var hex = Convert.ToHexString(bytes);

        foreach (var form in new[] { id, hex, hex.ToLowerInvariant(), $"outbox:{local}", $"outbox #{local}", $"outbox#{local}" })
        {
            var show = await RunAsync(Fr, "show", form);
            var ledger = await RunAsync(Fr, "ledger", form, "--json");

            Assert.True(show.ExitCode == NodeCommandLine.Success, $"show {form}: {show}");
            Assert.StartsWith($"Message {id}", show.Out, StringComparison.Ordinal);
            Assert.Contains($"outbox #{local}", show.Out, StringComparison.Ordinal);
            Assert.True(ledger.ExitCode == NodeCommandLine.Success, $"ledger {form}: {ledger}");
            Assert.Contains(id, ledger.Out, StringComparison.Ordinal);
        }

        var showJson = await RunAsync(Fr, "show", $"outbox:{local}", "--json");
        Assert.Equal(id, JsonDocument.Parse(showJson.Out).RootElement.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task OrderCommands_TakeTheRow_AndRefuseForTheirOwnReasonNotTheForm()
    {
        var send = await RunAsync(Fr, "send", "--file", await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow)), "--to", "DE", "--json");
        var local = JsonDocument.Parse(send.Out).RootElement.GetProperty("localId").GetInt64();

        // Still queued (nothing ran the sender): the order commands find it and say so.
        var recall = await RunAsync(Fr, "recall", $"outbox:{local}", "--reason", "sent-in-error");

        Assert.Equal(NodeCommandLine.Failure, recall.ExitCode);
        Assert.Contains("queued", recall.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not a message id", recall.Error, StringComparison.Ordinal);
        Assert.Contains("stop it with 'hst-node cancel ", recall.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingRow_Fails_AndAMalformedId_ListsTheForms()
    {
        var missing = await RunAsync(Fr, "show", "inbox:99");
        var malformed = await RunAsync(Fr, "ledger", "outbox:x");
        var notV7 = await RunAsync(Fr, "show", "00000000000000000000000000000000");

        Assert.Equal(NodeCommandLine.Failure, missing.ExitCode);
        Assert.Contains("no message inbox:99: there is no inbox #99", missing.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, malformed.ExitCode);
        Assert.Contains("32 hex digits", malformed.Error, StringComparison.Ordinal);
        Assert.Contains("outbox:N / inbox:N", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, notV7.ExitCode);
    }

    [Fact]
    public async Task ProductsList_AndHitsList_AreTheLists()
    {
        var products = await RunAsync(Fr, "products", "list");
        var hits = await RunAsync(Fr, "hits", "list", "--json");

        Assert.True(products.ExitCode == NodeCommandLine.Success, products.ToString());
        Assert.Contains("No product", products.Out, StringComparison.Ordinal);
        Assert.True(hits.ExitCode == NodeCommandLine.Success, hits.ToString());
        Assert.Empty(JsonDocument.Parse(hits.Out).RootElement.GetProperty("hits").EnumerateArray());
    }
}
