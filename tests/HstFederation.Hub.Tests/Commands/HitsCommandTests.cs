using System.Text.Json;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub hits` on a real hub database (`init`, members enrolled) holding hits written as the worker writes them, on the
/// harness's clock (2026-03-01 12:00:00Z): the default window, each filter, the order, the limit line, the states, --json.
/// </summary>
public sealed class HitsCommandTests : IAsyncLifetime, IDisposable
{
    private readonly CommandHarness _hub = CommandHarness.Create();

    private HitRows Rows => new(_hub.DatabasePath);

    private DateTimeOffset Now => _hub.Time.GetUtcNow();

    public Task InitializeAsync() => _hub.InitAndEnrolAllAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _hub.Dispose();

    private static string Hex(byte[] id) => Convert.ToHexStringLower(id);

    /// <summary>The hit ids `hits --json args` lists, in its order.</summary>
    private async Task<List<string>> ListedAsync(params string[] args)
    {
        var result = await _hub.RunAsync(["hits", .. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return CommandHarness.Array(result.Json(), "hits").Select(hit => hit.GetProperty("hitId").GetString()!).ToList();
    }

    [Fact]
    public async Task Hits_ByDefault_ListsTheLastSevenDaysNewestFirst()
    {
        var rows = Rows;
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        var (it, _) = rows.Message("IT");
        var (es, _) = rows.Message("ES");
        var older = rows.Hit(fr, de, Now.AddDays(-3));
        var newest = rows.Hit(fr, it, Now.AddHours(-1));
        var lastWeek = rows.Hit(de, it, Now.AddDays(-7));
        rows.Hit(it, es, Now.AddDays(-7).AddMilliseconds(-1));

        var text = await _hub.RunAsync("hits");

        Assert.True(text.ExitCode == 0, text.ToString());
        var lines = text.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("3 hits since 2026-02-22 12:00:00Z (the last 7 days).", lines[0]);
        Assert.StartsWith("DETECTED              HIT  ", lines[1], StringComparison.Ordinal);
        Assert.Equal([Hex(newest), Hex(older), Hex(lastWeek)], lines[2..].Select(line => line.Split("  ")[1]));
        Assert.Equal([Hex(newest), Hex(older), Hex(lastWeek)], await ListedAsync());
    }

    [Fact]
    public async Task Hits_SameDetectionTime_TheLaterMessageFirstThenTheLaterEarlierOne()
    {
        var rows = Rows;
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        var (it, _) = rows.Message("IT");
        var (es, _) = rows.Message("ES");
        var at = Now.AddHours(-2);
        var esFr = rows.Hit(fr, es, at);
        var itFr = rows.Hit(fr, it, at);
        var esDe = rows.Hit(de, es, at);

        Assert.Equal([Hex(esDe), Hex(esFr), Hex(itFr)], await ListedAsync());
    }

    [Fact]
    public async Task Hits_Since_ASpanOrAUtcDate_FromThatInstantOn()
    {
        var rows = Rows;
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        var (it, _) = rows.Message("IT");
        var (es, _) = rows.Message("ES");
        var hourAgo = rows.Hit(fr, de, Now.AddHours(-1));
        var dayAgo = rows.Hit(fr, it, Now.AddHours(-24));
        var monthAgo = rows.Hit(fr, es, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal([Hex(hourAgo)], await ListedAsync("--since", "2h"));
        Assert.Equal([Hex(hourAgo), Hex(dayAgo)], await ListedAsync("--since", "24h"));
        Assert.Equal([Hex(hourAgo), Hex(dayAgo)], await ListedAsync("--since", "1d"));
        Assert.Equal([Hex(hourAgo), Hex(dayAgo), Hex(monthAgo)], await ListedAsync("--since", "2026-02-01"));
        Assert.Equal([Hex(hourAgo), Hex(dayAgo)], await ListedAsync("--since", "2026-02-01T00:00:01Z"));
        Assert.Equal([Hex(hourAgo)], await ListedAsync("--since", "2026-03-01 10:00:00Z"));
        Assert.StartsWith("1 hit since 2026-03-01 10:00:00Z.", (await _hub.RunAsync("hits", "--since", "2026-03-01T10:00:00Z")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hits_Member_ListsTheHitsWhereItIsTheSourceOfEitherMessage()
    {
        var rows = Rows;
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        var (it, _) = rows.Message("IT");
        var (es, _) = rows.Message("ES");
        var deLater = rows.Hit(fr, de, Now.AddHours(-3));
        rows.Hit(it, es, Now.AddHours(-2));
        var deEarlier = rows.Hit(de, it, Now.AddHours(-1));

        Assert.Equal([Hex(deEarlier), Hex(deLater)], await ListedAsync("--member", "de"));
        Assert.Equal([Hex(deEarlier), Hex(deLater)], await ListedAsync("--member", "urn:hst:member:DE"));
        var text = await _hub.RunAsync("hits", "--member", "DE");
        Assert.StartsWith("2 hits since 2026-02-22 12:00:00Z (the last 7 days), involving DE.", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ES ", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hits_Kind_ListsThatKindOnly()
    {
        var rows = Rows;
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        var (it, _) = rows.Message("IT");
        var (es, _) = rows.Message("ES");
        rows.Hit(fr, de, Now.AddHours(-3), MatchKind.Person);
        var phone = rows.Hit(fr, it, Now.AddHours(-2), MatchKind.Phone);
        var document = rows.Hit(fr, es, Now.AddHours(-1), MatchKind.IdentityDocument);

        Assert.Equal([Hex(phone)], await ListedAsync("--kind", "phone"));
        Assert.Equal([Hex(document)], await ListedAsync("--kind", "identity-document"));
        Assert.Equal([Hex(document)], await ListedAsync("--kind", "IdentityDocument"));
        Assert.Empty(await ListedAsync("--kind", "vessel"));
    }

    [Fact]
    public async Task Hits_MoreThanTheLimit_ShowsTheNewestAndSaysHowManyMoreAndHowToSeeThem()
    {
        var rows = Rows;
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        var (it, _) = rows.Message("IT");
        var (es, _) = rows.Message("ES");
        var first = rows.Hit(fr, de, Now.AddHours(-1));
        var second = rows.Hit(fr, it, Now.AddHours(-2));
        rows.Hit(fr, es, Now.AddHours(-3));

        var text = await _hub.RunAsync("hits", "--limit", "2");
        var json = await _hub.RunAsync("hits", "--limit", "2", "--json");
        var all = await _hub.RunAsync("hits", "--limit", "3");

        Assert.True(text.ExitCode == 0, text.ToString());
        var lines = text.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("3 hits since 2026-02-22 12:00:00Z (the last 7 days).", lines[0]);
        Assert.Equal([Hex(first), Hex(second)], lines[2..4].Select(line => line.Split("  ")[1]));
        Assert.Equal("1 older hit not shown (the newest 2 of 3): --limit 3 lists them all.", lines[^1]);
        Assert.Equal(5, lines.Length);
        Assert.Equal(3, json.Json().GetProperty("total").GetInt64());
        Assert.Equal(2, json.Json().GetProperty("limit").GetInt32());
        Assert.Equal(2, CommandHarness.Array(json.Json(), "hits").Length);
        Assert.DoesNotContain("not shown", all.Out, StringComparison.Ordinal);
        Assert.Equal(
            "20001 older hits not shown (the newest 10000 of 30001): --limit 10000 lists the newest 10000; a later --since, --member or --kind narrows the list.",
            HitsCommand.MoreLine(new HitList(30_001, Enumerable.Repeat<ListedHit>(null!, 10_000).ToList())));
    }

    [Fact]
    public async Task Hits_NoneMatch_SaysSoInWordsAndExitsZero()
    {
        var rows = Rows;
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        rows.Hit(fr, de, Now.AddDays(-10));

        var text = await _hub.RunAsync("hits", "--member", "ES", "--kind", "phone");
        var json = await _hub.RunAsync("hits", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal($"No hits since 2026-02-22 12:00:00Z (the last 7 days), involving ES, kind phone; --since 30d or a date looks further back.{Environment.NewLine}", text.Out);
        Assert.Equal($"No hits since 2026-02-26 12:00:00Z (the last 3 days).{Environment.NewLine}", (await _hub.RunAsync("hits", "--since", "3d")).Out);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(0, json.Json().GetProperty("total").GetInt64());
        Assert.Empty(CommandHarness.Array(json.Json(), "hits"));
    }

    [Fact]
    public async Task Hits_Json_TheLedgersNamesForAHitAndBothMessagesWithTheirState()
    {
        var rows = Rows;
        var (fr, frId) = rows.Message("FR");
        var (de, deId) = rows.Message("DE");
        var hit = rows.Hit(fr, de, Now.AddHours(-1), MatchKind.Phone, 0.75, "DE", "FR");

        var result = await _hub.RunAsync("hits", "--member", "FR", "--kind", "phone", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = result.Json();
        Assert.Equal(["since", "member", "kind", "limit", "total", "hits"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Now.AddDays(-7), root.GetProperty("since").GetDateTimeOffset());
        Assert.Equal("urn:hst:member:FR", root.GetProperty("member").GetString());
        Assert.Equal("phone", root.GetProperty("kind").GetString());
        var listed = Assert.Single(CommandHarness.Array(root, "hits"));
        Assert.Equal(["hitId", "kind", "score", "detectedAt", "basis", "state", "earlier", "later", "notified"], listed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Hex(hit), listed.GetProperty("hitId").GetString());
        Assert.Equal("phone", listed.GetProperty("kind").GetString());
        Assert.Equal(0.75, listed.GetProperty("score").GetDouble());
        Assert.Equal(Now.AddHours(-1), listed.GetProperty("detectedAt").GetDateTimeOffset());
        Assert.Equal("hub-index", listed.GetProperty("basis").GetString());
        Assert.Equal("active", listed.GetProperty("state").GetString());
        Assert.Equal(["urn:hst:member:DE", "urn:hst:member:FR"], listed.GetProperty("notified").EnumerateArray().Select(p => p.GetString()));
        foreach (var (side, source, id, sequence) in new[] { ("earlier", "urn:hst:member:FR", frId, fr), ("later", "urn:hst:member:DE", deId, de) })
        {
            var message = listed.GetProperty(side);
            Assert.Equal(["source", "messageId", "hubSequence", "state", "purgedAt"], message.EnumerateObject().Select(p => p.Name));
            Assert.Equal(source, message.GetProperty("source").GetString());
            Assert.Equal(MessageIds.Format(id), message.GetProperty("messageId").GetString());
            Assert.Equal(sequence, message.GetProperty("hubSequence").GetInt64());
            Assert.Equal("active", message.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, message.GetProperty("purgedAt").ValueKind);
        }

        // The explanation (here a nationality both sides hold) is the ledger's to withhold, and this list's.
        Assert.DoesNotContain("LY", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("explanation", result.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hits_OnRecalledExpiredOrSupersededMessages_AreListedWithTheStateTheLedgerGivesThem()
    {
        var rows = Rows;
        var purgedAt = Now.AddMinutes(-30);
        var (newer, _) = rows.Message("DE");
        var (recalled, recalledId) = rows.Message("FR", MessageState.Recalled, purgedAt.ToUnixTimeMilliseconds());
        var (superseded, _) = rows.Message("DE", supersededBy: newer);
        var (expired, _) = rows.Message("IT", MessageState.Expired, purgedAt.ToUnixTimeMilliseconds());
        var (active, _) = rows.Message("ES");
        var withdrawnHit = rows.Hit(recalled, superseded, Now.AddHours(-4), notified: ["DE", "FR"]);
        var supersededHit = rows.Hit(superseded, active, Now.AddHours(-3), notified: ["DE", "ES"]);
        var bothHit = rows.Hit(recalled, expired, Now.AddHours(-2));

        var text = await _hub.RunAsync("hits");
        var json = await _hub.RunAsync("hits", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        var at = CommandContext.Format(purgedAt);
        var states = text.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[2..]
            .ToDictionary(line => line.Split("  ")[1], line => line[(line.LastIndexOf("  ", StringComparison.Ordinal) + 2)..]);
        Assert.Equal($"withdrawn: FR's recalled {at}; IT's expired {at}", states[Hex(bothHit)]);
        Assert.Equal("DE's superseded", states[Hex(supersededHit)]);
        Assert.Equal($"withdrawn: FR's recalled {at}", states[Hex(withdrawnHit)]);
        Assert.Contains($"FR {MessageIds.Format(recalledId)} #{recalled}", text.Out, StringComparison.Ordinal);

        var hits = CommandHarness.Array(json.Json(), "hits").ToDictionary(hit => hit.GetProperty("hitId").GetString()!);
        Assert.Equal("withdrawn", hits[Hex(withdrawnHit)].GetProperty("state").GetString());
        Assert.Equal("recalled", hits[Hex(withdrawnHit)].GetProperty("earlier").GetProperty("state").GetString());
        Assert.Equal(purgedAt, hits[Hex(withdrawnHit)].GetProperty("earlier").GetProperty("purgedAt").GetDateTimeOffset());
        Assert.Equal("superseded", hits[Hex(withdrawnHit)].GetProperty("later").GetProperty("state").GetString());
        Assert.Equal("superseded", hits[Hex(supersededHit)].GetProperty("state").GetString());
        Assert.Equal("active", hits[Hex(supersededHit)].GetProperty("later").GetProperty("state").GetString());
        Assert.Equal("expired", hits[Hex(bothHit)].GetProperty("later").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("--since", "yesterday", "hst-hub hits: --since takes a span back from now")]
    [InlineData("--since", "0d", "hst-hub hits: --since takes a span back from now")]
    [InlineData("--since", "3651d", "hst-hub hits: --since takes a span back from now")]
    [InlineData("--since", "2026-13-01", "hst-hub hits: --since takes a span back from now")]
    [InlineData("--member", "XX1", "hst-hub hits: --member: 'XX1' is not a member")]
    [InlineData("--member", "IPSG", "hst-hub hits: --member: 'IPSG' is not a member")]
    [InlineData("--kind", "face", "hst-hub hits: --kind is one of person, identitydocument, phone,")]
    [InlineData("--limit", "0", "hst-hub hits: --limit is a whole number from 1 to 10000.")]
    [InlineData("--limit", "ten", "hst-hub hits: --limit is a whole number from 1 to 10000.")]
    public async Task Hits_BadOptionValue_ExitsTwoNamingTheOption(string option, string value, string error)
    {
        var result = await _hub.RunAsync("hits", option, value);

        Assert.Equal(HubCommandLine.BadArguments, result.ExitCode);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: hst-hub hits", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }
}
