using System.Text.Json;
using HstFederation.DevPki;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Commands;

/// <summary>The operator command line, in-process, against a real hub and real node databases.</summary>
public sealed class CommandLineTests : CommandLineTestBase
{
    [Fact]
    public async Task Help_TheGeneralUsageAndEveryCommandsHelp_NameTheCommandAndGiveAnExample()
    {
        var general = await CommandRun.RunAsync("--help");
        Assert.Equal(NodeCommandLine.Success, general.ExitCode);
        foreach (var name in new[] { "init", "serve", "send", "outbox", "inbox", "show", "search", "quarantine", "status", "agencies", "verify-audit" })
        {
            Assert.Contains($"  {name} ", general.Out, StringComparison.Ordinal);
            var help = await CommandRun.RunAsync(name, "--help");
            Assert.Equal(NodeCommandLine.Success, help.ExitCode);
            Assert.StartsWith($"Usage: hst-node {name}", help.Out, StringComparison.Ordinal);
            Assert.Contains("Example", help.Out, StringComparison.Ordinal);
        }

        var unknown = await CommandRun.RunAsync("sned");
        Assert.Equal(NodeCommandLine.BadArguments, unknown.ExitCode);
        Assert.Contains("unknown command 'sned'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_CreatesTheDatabase_ChecksTheCredentials_AndWritesAConfigOtherCommandsUse()
    {
        var directory = Directory.CreateTempSubdirectory("hst-cli-init-").FullName;
        try
        {
            var config = Path.Combine(directory, "it", "node.json");
            var init = await CommandRun.RunAsync([.. InitArguments("IT", Path.Combine(directory, "it", "node.db")), "--config", config]);
            Assert.True(init.ExitCode == NodeCommandLine.Success, init.ToString());
            Assert.Contains("Created database", init.Out, StringComparison.Ordinal);
            Assert.Contains("Credentials: urn:hst:member:IT", init.Out, StringComparison.Ordinal);

            using var written = JsonDocument.Parse(await File.ReadAllTextAsync(config));
            Assert.Equal(Path.Combine(directory, "it", "node.db"), written.RootElement.GetProperty("Node").GetProperty("DatabasePath").GetString());

            var audit = await CommandRun.RunAsync("verify-audit", "--config", config);
            Assert.True(audit.ExitCode == NodeCommandLine.Success, audit.ToString());
            Assert.Matches("^intact, 1 entry; head [0-9a-f]{64}$", audit.Out.Trim());

            var again = await CommandRun.RunAsync("init", "--config", config);
            Assert.True(again.ExitCode == NodeCommandLine.Success, again.ToString());
            Assert.Contains("exists", again.Out, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Init_WithAnotherMembersKeysUnderTheHubsName_FailsNamingTheProblem()
    {
        var args = InitArguments("IT", Path.Combine(Fr.DirectoryPath, "other.db"));
        args[1] = $"--Node:CredentialsDirectory={FederationLayout.HubDirectory(Hub.DirectoryPath)}";
        var init = await CommandRun.RunAsync(args);
        Assert.Equal(NodeCommandLine.Failure, init.ExitCode);
        Assert.Contains("Node:CredentialsDirectory", init.Error, StringComparison.Ordinal);
        Assert.Contains("hub's credentials", init.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_QueuesDurably_AndTheHubLinkDeliversIt_ToExactlyTheAddressees()
    {
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));

        var send = await RunAsync(Fr, "send", "--file", file, "--to", "de", "--handling", "H2", "--json");

        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        using var result = JsonDocument.Parse(send.Out);
        Assert.True(MessageIds.TryParse(result.RootElement.GetProperty("messageId").GetString(), out var id));
        Assert.Equal(["DE"], result.RootElement.GetProperty("recipients").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("H2", result.RootElement.GetProperty("handling").GetString());
        var queued = (await Fr.Store.GetOutboxAsync(result.RootElement.GetProperty("localId").GetInt64()))!;
        Assert.Equal(OutboxState.Queued, queued.State);

        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, id) is not null, "DE stores the message sent from the CLI");
        var received = HstMessage.Parser.ParseFrom((await De.Store.GetReceivedAsync(Fr.Party, id))!.Message.Plaintext);
        Assert.Equal(HandlingCode.H2, received.Handling.Code);
        Assert.Equal(["DE"], received.Handling.Addressees.Members);
    }

    [Fact]
    public async Task Send_AnInvalidMessage_FailsWithFieldPaths_AndQueuesNothing()
    {
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Persons[0].Documents[0].Number = string.Empty;
        var file = await WriteMessageAsync(message);

        var send = await RunAsync(Fr, "send", "--file", file, "--to", "DE");

        Assert.Equal(NodeCommandLine.Failure, send.ExitCode);
        Assert.Contains("persons[0].documents[0].number", send.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task Send_NotJson_OrABadHandling_OrNoAddressee_SaysWhatToDo()
    {
        var notJson = Path.Combine(Fr.DirectoryPath, "case.txt");
        await File.WriteAllTextAsync(notJson, "persons: Ivan");
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));

        var garbage = await RunAsync(Fr, "send", "--file", notJson, "--to", "DE");
        var handling = await RunAsync(Fr, "send", "--file", file, "--to", "DE", "--handling", "H9");
        var self = await RunAsync(Fr, "send", "--file", file, "--to", "FR");

        Assert.Equal(NodeCommandLine.Failure, garbage.ExitCode);
        Assert.Contains("protobuf JSON mapping", garbage.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, handling.ExitCode);
        Assert.Contains("--handling must be H0, H1, H2 or H3", handling.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, self.ExitCode);
        Assert.Contains("no addressee remains", self.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task SendUpdateRestrict_AMemberCodeThatIsNone_IsAUsageErrorNamingItAsTyped_WhileLowerCaseIsTaken()
    {
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));

        var semicolon = await RunAsync(Fr, "send", "--file", file, "--to", "DE;IT");
        var unassigned = await RunAsync(Fr, "update", "outbox:1", "--file", file, "--reason", "corrected", "--to", "DE,XX");
        var excluded = await RunAsync(Fr, "restrict", "outbox:1", "--exclude", "ITA");
        var lower = await RunAsync(Fr, "send", "--file", file, "--to", "de,it");

        // The option and the value the operator typed, not the message's field path (handling.addressees.members[0]).
        Assert.Equal(NodeCommandLine.BadArguments, semicolon.ExitCode);
        Assert.Contains("hst-node send: --to: 'DE;IT' is not an ISO 3166-1 alpha-2 member code", semicolon.Error, StringComparison.Ordinal);
        Assert.Contains("separated by commas: --to DE,IT", semicolon.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, unassigned.ExitCode);
        Assert.Contains("hst-node update: --to: 'XX' is not an ISO 3166-1 alpha-2 member code", unassigned.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, excluded.ExitCode);
        Assert.Contains("hst-node restrict: --exclude: 'ITA' is not an ISO 3166-1 alpha-2 member code", excluded.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("handling.addressees", semicolon.Error + unassigned.Error, StringComparison.Ordinal);
        Assert.True(lower.ExitCode == NodeCommandLine.Success, lower.ToString());
        Assert.Contains("for DE, IT", lower.Out, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task Search_APhoneRegionNoCountryHas_IsAUsageError_NotASilentNoMatch()
    {
        var unassigned = await RunAsync(Fr, "search", "--phone", "06 12 34 56 78", "--phone-region", "xx");
        var lower = await RunAsync(Fr, "search", "--phone", "06 12 34 56 78", "--phone-region", "fr");

        Assert.Equal(NodeCommandLine.BadArguments, unassigned.ExitCode);
        Assert.Contains("hst-node search: The phone region is an assigned ISO 3166-1 alpha-2 country code, e.g. FR.", unassigned.Error, StringComparison.Ordinal);
        Assert.True(lower.ExitCode == NodeCommandLine.Success, lower.ToString());
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'search';"));
    }

    [Fact]
    public async Task Send_WhileTheHubIsDown_QueuesNamedMembers_ButAnUnknownRegionOrARegionWithoutDirectory_IsRefused()
    {
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));
        var unknownRegion = await RunAsync(Fr, "send", "--file", file, "--region", "NOWHERE");
        await Hub.StopAsync();

        var named = await RunAsync(Fr, "send", "--file", file, "--to", "DE,IT");
        var region = await RunAsync(Fr, "send", "--file", file, "--region", "EU");

        Assert.Equal(NodeCommandLine.Failure, unknownRegion.ExitCode);
        // The test hub defines no region: the refusal says so and how one is defined, not "(known: )".
        Assert.Contains(
            "region 'NOWHERE' is not in the member directory: the hub defines no regions (its operator defines one with 'hst-hub regions define NOWHERE --members CC,CC'); address members with --to CC,CC instead.",
            unknownRegion.Error, StringComparison.Ordinal);
        Assert.True(named.ExitCode == NodeCommandLine.Success, named.ToString());
        Assert.Contains("for DE, IT", named.Out, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, region.ExitCode);
        Assert.Contains("name the members instead", region.Error, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task Send_AMessageLargerThanAnEnvelopeMayCarry_IsRefusedBeforeItIsQueued()
    {
        // Every field within its own limit (64 KiB of free text), but sixty such persons exceed the envelope's 3 MiB.
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        var template = message.Persons[0].Clone();
        template.Documents.Clear();
        template.Remarks = new string('x', 60_000);
        for (var i = 0; i < 60; i++)
        {
            message.Persons.Add(template.Clone());
        }

        var send = await RunAsync(Fr, "send", "--file", await WriteMessageAsync(message), "--to", "DE");

        Assert.True(message.CalculateSize() > 3 * 1024 * 1024, "the sample must exceed the limit for this test to mean anything");
        Assert.Equal(NodeCommandLine.Failure, send.ExitCode);
        Assert.Contains("an HST message may be at most 3145728 bytes", send.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task Status_ReportsQueueDepths_AndExitsOneNamingTheProblemWhenTheHubIsDown()
    {
        await Fr.EnqueueAsync("DE");
        var up = await RunAsync(Fr, "status");
        Assert.True(up.ExitCode == NodeCommandLine.Success, up.ToString());
        Assert.Contains("Hub          reachable", up.Out, StringComparison.Ordinal);
        Assert.Contains("1 queued", up.Out, StringComparison.Ordinal);

        await Hub.StopAsync();
        var down = await RunAsync(Fr, "status", "--json");

        Assert.Equal(NodeCommandLine.Failure, down.ExitCode);
        using var json = JsonDocument.Parse(down.Out);
        Assert.False(json.RootElement.GetProperty("hub").GetProperty("reachable").GetBoolean());
        // Why, not only the channel's "Error connecting to subchannel.": the hub's port refuses the connection.
        Assert.Contains("refused", json.RootElement.GetProperty("hub").GetProperty("problem").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, json.RootElement.GetProperty("store").GetProperty("queued").GetInt64());
    }

    [Fact]
    public async Task Status_InboxLine_SaysWhatItsTotalCounts_MessagesAsInboxListsThem_ApartFromTheHubsProducts()
    {
        var message = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Hub.SendAsHubAsync("DE", Intelligence.HubProducts.Corridors("DE"));
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Count("SELECT COUNT(*) FROM inbox;") == 2), "DE stores the message and the product");

        var status = await RunAsync(De, "status");

        Assert.Contains("2 stored: 1 message (as 'hst-node inbox' lists them), 0 purged, 0 hit notifications, 1 product; last delivery",
            status.Out, StringComparison.Ordinal);
        Assert.Contains(MessageIds.Format(message.MessageId), (await RunAsync(De, "inbox")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Display_ShowsControlAndBidiCharactersAsEscapes()
    {
        Assert.Equal("abc\\u202Eevil\\u0007\\u000A", Display.Safe("abc\u202Eevil\u0007\n"));
        Assert.Equal("Müller Иван", Display.Safe("Müller Иван"));
    }
}
