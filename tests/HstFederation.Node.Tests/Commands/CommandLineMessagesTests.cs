using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Commands;

/// <summary>`outbox`, `inbox`, `show` and `search` over a message really sent from FR to DE through the hub.</summary>
public sealed class CommandLineMessagesTests : CommandLineTestBase
{
    [Fact]
    public async Task OutboxInboxShowSearch_FollowOneMessage_FromFrsOutboxToDesInbox_AndReadsAndSearchesAreAudited()
    {
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Case.Title = "Boat departures \u202Egnp.exe";
        var document = message.Persons[0].Documents[0].Number;
        var send = await RunAsync(Fr, "send", "--file", await WriteMessageAsync(message), "--to", "DE", "--json");
        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        var id = JsonDocument.Parse(send.Out).RootElement.GetProperty("messageId").GetString()!;
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        Fr.StartSubscriber();
        Assert.True(MessageIds.TryParse(id, out var messageId));
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, messageId) is not null, "DE stores the message");
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;") == 1), "FR holds DE's receipt");

        var outbox = await RunAsync(Fr, "outbox");
        var rejectedOnly = await RunAsync(Fr, "outbox", "--state", "rejected");
        var inbox = await RunAsync(De, "inbox", "--from", "FR", "--json");
        var show = await RunAsync(De, "show", id);
        var showJson = await RunAsync(De, "show", id, "--json");
        var search = await RunAsync(De, "search", "--document", SpacedOut(document));

        Assert.True(outbox.ExitCode == NodeCommandLine.Success, outbox.ToString());
        Assert.Contains(id, outbox.Out, StringComparison.Ordinal);
        Assert.Contains("accepted", outbox.Out, StringComparison.Ordinal);
        Assert.Contains("1/1", outbox.Out, StringComparison.Ordinal);
        Assert.Contains("no message that fits", rejectedOnly.Out, StringComparison.Ordinal);

        var listed = Assert.Single(JsonDocument.Parse(inbox.Out).RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("messageId").GetString());
        Assert.Equal("FR", listed.GetProperty("sender").GetString());

        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("Received from FR", show.Out, StringComparison.Ordinal);
        Assert.Contains("header SHA-256", show.Out, StringComparison.Ordinal);
        Assert.Contains(document, show.Out, StringComparison.Ordinal);
        Assert.Contains("\\u202E", show.Out, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\u202E', show.Out);
        var content = JsonDocument.Parse(showJson.Out).RootElement.GetProperty("inbox")[0].GetProperty("content");
        Assert.Equal(message.Case.Title, content.GetProperty("case").GetProperty("title").GetString());

        Assert.True(search.ExitCode == NodeCommandLine.Success, search.ToString());
        Assert.Contains(id, search.Out, StringComparison.Ordinal);
        Assert.Contains("persons[0].documents[0].number", search.Out, StringComparison.Ordinal);

        Assert.Equal(2, De.Count("SELECT COUNT(*) FROM audit WHERE action = 'read';"));
        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM audit WHERE action = 'search';"));
        Assert.Equal(0, (await RunAsync(De, "verify-audit")).ExitCode);
    }

    [Fact]
    public async Task Show_AnUnknownOrMalformedId_AndSearch_WithoutOrWithTwoKinds_SayWhatIsWrong()
    {
        var unknown = await RunAsync(Fr, "show", "0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b");
        var malformed = await RunAsync(Fr, "show", "12");
        var nothing = await RunAsync(Fr, "search");
        var two = await RunAsync(Fr, "search", "--name", "x", "--phone", "1");

        Assert.Equal(NodeCommandLine.Failure, unknown.ExitCode);
        Assert.Contains("no message 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, malformed.ExitCode);
        Assert.Contains("is not a message id", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, nothing.ExitCode);
        Assert.Contains("say what to search for", nothing.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, two.ExitCode);
        Assert.Contains("not several", two.Error, StringComparison.Ordinal);
    }

    /// <summary>"YB123456" as an officer might type it: "yb 123-456".</summary>
    private static string SpacedOut(string number) =>
        number.Length > 4 ? $"{number[..2].ToLowerInvariant()} {number[2..5]}-{number[5..]}" : number;
}
