using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub hits` against a running hub's file (mutual TLS, real SQLite, the real intelligence worker): the hit the worker
/// found is listed as `ledger` shows it, and after a recall as withdrawn, as the ledger says the message was recalled.
/// </summary>
public sealed class HitsCommandHubTests : IntelligenceHubTests
{
    [Fact]
    public async Task HitsCommand_AgainstTheRunningHub_ListsTheWorkersHitAsTheLedgerDoes_AndAsWithdrawnOnceAMessageIsRecalled()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var frId = MessageIds.Format(Messages.Sealed[fr].MessageId.ToArray());
        var deId = MessageIds.Format(Messages.Sealed[de].MessageId.ToArray());

        var hits = await LedgerChecks.CommandAsync(Hub, "hits", "--json");
        var ledger = await LedgerChecks.LedgerCommandAsync(Hub, frId, "--json");

        Assert.True(hits.ExitCode == 0, hits.ToString());
        var listed = Assert.Single(CommandHarness.Array(hits.Json(), "hits"));
        var shown = Assert.Single(CommandHarness.Array(ledger.Json(), "hits"));
        foreach (var field in (string[])["hitId", "kind", "score", "detectedAt", "notified"])
        {
            Assert.Equal(shown.GetProperty(field).GetRawText(), listed.GetProperty(field).GetRawText());
        }

        Assert.Equal(("urn:hst:member:FR", frId, fr), Side(listed, "earlier"));
        Assert.Equal(("urn:hst:member:DE", deId, de), Side(listed, "later"));
        Assert.Equal(shown.GetProperty("otherHubSequence").GetInt64(), listed.GetProperty("later").GetProperty("hubSequence").GetInt64());
        Assert.Equal("hub-index", listed.GetProperty("basis").GetString());
        Assert.Equal("active", listed.GetProperty("state").GetString());

        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR"), "FR"));

        var after = await LedgerChecks.CommandAsync(Hub, "hits", "--json");
        var text = await LedgerChecks.CommandAsync(Hub, "hits", "--member", "FR");
        var recalled = await LedgerChecks.LedgerCommandAsync(Hub, frId, "--json");

        Assert.Equal("recalled", recalled.Json().GetProperty("lifecycle").GetProperty("state").GetString());
        var withdrawn = Assert.Single(CommandHarness.Array(after.Json(), "hits"));
        Assert.Equal("withdrawn", withdrawn.GetProperty("state").GetString());
        Assert.Equal("recalled", withdrawn.GetProperty("earlier").GetProperty("state").GetString());
        Assert.Equal(
            recalled.Json().GetProperty("lifecycle").GetProperty("purgedAt").GetRawText(),
            withdrawn.GetProperty("earlier").GetProperty("purgedAt").GetRawText());
        Assert.Equal("active", withdrawn.GetProperty("later").GetProperty("state").GetString());
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"FR {frId} #{fr}", text.Out, StringComparison.Ordinal);
        Assert.Contains("withdrawn: FR's recalled ", text.Out, StringComparison.Ordinal);
        foreach (var content in (string[])["SALHI", "Mohamed", "FR-1", "DE-1", "agrees"])
        {
            Assert.DoesNotContain(content, hits.Out + after.Out + text.Out, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task HitsAndLedger_WhileTheServingHubWrites_EachRunAuditedOnceAsTheOperator_AndTheChainVerifies()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT"]);
        var frId = MessageIds.Format(Messages.Sealed[fr].MessageId.ToArray());

        // serve writes accept and hit entries for each submission while the commands write theirs to the same chain.
        var writing = Task.Run(async () =>
        {
            var last = 0L;
            for (var i = 1; i <= 6; i++)
            {
                last = await Messages.SubmitAsync(i % 2 == 0 ? "DE" : "ES", IntelMessages.AboutPerson($"X-{i}", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
            }

            await Messages.ProcessedAsync(last);
        });
        var reads = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? LedgerChecks.CommandAsync(Hub, "hits", "--json")
            : LedgerChecks.LedgerCommandAsync(Hub, frId, "--json")));
        await writing;

        Assert.All(reads, read => Assert.True(read.ExitCode == 0, read.ToString()));
        var verify = await LedgerChecks.CommandAsync(Hub, "verify-audit", "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(verify.Json().GetProperty("intact").GetBoolean());
        var operatorEntries = OperatorEntries();
        Assert.Equal(3, operatorEntries.Count(entry => entry.Action == "list" && entry.Detail.StartsWith("hits since=", StringComparison.Ordinal)));
        Assert.Equal(3, operatorEntries.Count(entry => entry.Action == "ledger" && entry.Detail.StartsWith($"hub_sequence={fr} ", StringComparison.Ordinal)));
        Assert.Equal(6, operatorEntries.Count);
        Assert.Contains(OperatorEntries(hubActor: true), entry => entry.Action == "hit");
    }

    /// <summary>The entries an operator (or, with <paramref name="hubActor"/>, the hub itself) wrote to the hub's audit log, read from its file.</summary>
    private List<(string Action, string Detail)> OperatorEntries(bool hubActor = false)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Hub.Directory, "hub.db"), Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        return connection.Query(
            "SELECT action, detail FROM audit WHERE actor = $actor ORDER BY seq;",
            reader =>
            {
                var entries = new List<(string, string)>();
                while (reader.Read())
                {
                    entries.Add((reader.GetString(0), reader.GetString(1)));
                }

                return entries;
            },
            ("$actor", hubActor ? PartyId.Hub.Uri : global::HstFederation.Hub.Commands.CommandContext.Actor));
    }

    private static (string?, string?, long) Side(System.Text.Json.JsonElement hit, string side)
    {
        var message = hit.GetProperty(side);
        return (message.GetProperty("source").GetString(), message.GetProperty("messageId").GetString(), message.GetProperty("hubSequence").GetInt64());
    }
}
