using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node quarantine resolve`: an operator resolves a quarantined delivery or an alarm once looked into; it is kept as it
/// was, audited with the note, and no longer counts in `status` (whose exit code a monitoring check reads).
/// </summary>
public sealed class QuarantineResolveTests : IAsyncLifetime
{
    private static readonly byte[] BadEnvelope = [0xBA, 0xD0, 0x00, 0xFF];
    private TempNodeStore _temp = null!;
    private long _bad;
    private long _other;

    public async Task InitializeAsync()
    {
        _temp = TempNodeStore.Create();
        _bad = (await _temp.Store.QuarantineAsync(BadEnvelope, "SignatureInvalid", "signer key not certified")).Id;
        _other = (await _temp.Store.QuarantineAsync([0x01], "NotAddressed", "not addressed to this NCB")).Id;
        // FR's 1st, then its 4th: a gap alarm (2 and 3 missing); then IT's 2nd first: another.
        await _temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1));
        await _temp.Store.StoreReceivedAsync(Incoming(FR, 2, 4));
        await _temp.Store.StoreReceivedAsync(Incoming(IT, 3, 2));
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task Resolve_AQuarantinedDelivery_KeepsItAsReceived_NoLongerCountsNorIsListed_ButIsWithAll_AndIsAudited()
    {
        Assert.Equal(2, (await _temp.Store.StatusAsync()).Quarantined);

        var resolve = await RunAsync("quarantine", "resolve", "--delivery", $"{_bad}", "--note", "FR NCB re-sent it (ticket 4411)");
        var list = await RunAsync("quarantine");
        var all = await RunAsync("quarantine", "--all");

        Assert.True(resolve.ExitCode == NodeCommandLine.Success, resolve.ToString());
        Assert.Contains($"Resolved quarantined delivery #{_bad} (SignatureInvalid): no longer counted by 'status'.", resolve.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await _temp.Store.StatusAsync()).Quarantined);
        Assert.Equal(2, (await _temp.Store.StatusAsync()).Alarms);
        Assert.Contains("Quarantined deliveries: 1", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("SignatureInvalid", list.Out, StringComparison.Ordinal);
        Assert.Contains("NotAddressed", list.Out, StringComparison.Ordinal);
        Assert.Contains("Quarantined deliveries (open and resolved): 2", all.Out, StringComparison.Ordinal);
        Assert.Matches(@"SignatureInvalid +signer key not certified +\S+ \S+Z +operator:\S+ +FR NCB re-sent it \(ticket 4411\)", all.Out);
        Assert.Matches(@"NotAddressed +not addressed to this NCB +open +- +-", all.Out);
        // Kept as received: the bytes are the evidence.
        var kept = Assert.Single(await _temp.Store.QuarantinedAsync(includeResolved: true), q => q.Id == _bad);
        Assert.Equal(BadEnvelope, kept.Envelope);
        Assert.Equal(1, _temp.Count(
            $"SELECT COUNT(*) FROM audit WHERE action = 'quarantine-resolved' AND actor LIKE 'operator:%' AND detail = 'quarantine_id={_bad} SignatureInvalid note=FR NCB re-sent it (ticket 4411)';"));
    }

    [Fact]
    public async Task Resolve_AnAlarm_TakesOnlyThatOneOutOfTheCount_AndJsonShowsItsResolution()
    {
        var gap = (await _temp.Store.AlarmsAsync()).Single(a => a.Sender == FR);

        var resolve = await RunAsync("quarantine", "resolve", "--alarm", $"#{gap.Id}", "--note", "FR confirmed 2 and 3 were never sent", "--json");
        var json = await RunAsync("quarantine", "--all", "--json");

        Assert.True(resolve.ExitCode == NodeCommandLine.Success, resolve.ToString());
        Assert.Equal(1, (await _temp.Store.StatusAsync()).Alarms);
        Assert.Equal(IT, Assert.Single(await _temp.Store.AlarmsAsync()).Sender);
        using var document = JsonDocument.Parse(json.Out);
        var alarms = document.RootElement.GetProperty("alarms").EnumerateArray().ToList();
        Assert.Equal(2, alarms.Count);
        var resolved = alarms.Single(a => a.GetProperty("id").GetInt64() == gap.Id).GetProperty("resolution");
        Assert.StartsWith("operator:", resolved.GetProperty("by").GetString(), StringComparison.Ordinal);
        Assert.Equal("FR confirmed 2 and 3 were never sent", resolved.GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Null, alarms.Single(a => a.GetProperty("id").GetInt64() != gap.Id).GetProperty("resolution").ValueKind);
        Assert.Equal(1, _temp.Count($"SELECT COUNT(*) FROM audit WHERE action = 'alarm-resolved' AND detail = 'alarm={gap.Id} sequence-gap note=FR confirmed 2 and 3 were never sent';"));
    }

    [Fact]
    public async Task Resolve_TwiceOrUnknown_IsRefused_NamingTheFirstResolution_AndChangesNothing()
    {
        await RunAsync("quarantine", "resolve", "--delivery", $"{_bad}", "--note", "first look");
        var audited = _temp.Count("SELECT COUNT(*) FROM audit;");

        var again = await RunAsync("quarantine", "resolve", "--delivery", $"{_bad}", "--note", "second look");
        var unknown = await RunAsync("quarantine", "resolve", "--alarm", "99", "--note", "no such");

        Assert.Equal(NodeCommandLine.Failure, again.ExitCode);
        Assert.Matches($@"cannot resolve quarantined delivery #{_bad}: quarantined delivery #{_bad} was resolved already, at \S+ \S+Z by operator:\S+: first look", again.Error);
        Assert.Equal(NodeCommandLine.Failure, unknown.ExitCode);
        Assert.Contains("cannot resolve alarm #99: there is no alarm #99", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(audited, _temp.Count("SELECT COUNT(*) FROM audit;"));
        Assert.Equal(1, _temp.Count("SELECT COUNT(*) FROM quarantine WHERE resolution_note = 'first look';"));
    }

    [Fact]
    public async Task Resolve_AGapTheHubsWithdrawalsResolved_IsRefused_NamingTheNotice()
    {
        var gap = (await _temp.Store.AlarmsAsync()).Single(a => a.Sender == FR);
        using (var connection = _temp.Raw())
        {
            connection.Execute("UPDATE alarms SET resolved_at_ms = 1, resolved_by = $notice WHERE id = $id;", ("$notice", Id(77)), ("$id", gap.Id));
        }

        var again = await RunAsync("quarantine", "resolve", "--alarm", $"{gap.Id}", "--note", "looked");

        Assert.Equal(NodeCommandLine.Failure, again.ExitCode);
        Assert.Contains($"by hub notice {Protocol.Identities.MessageIds.Format(Id(77))}.", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_AWithdrawalMismatch_IsAuditedUnderItsMessage_SoItsLedgerShowsTheResolution()
    {
        long alarm;
        using (var connection = _temp.Raw())
        {
            alarm = (long)connection.Scalar(
                "INSERT INTO alarms (kind, sender, expected, received, raised_at_ms, message_id) VALUES ('withdrawal-mismatch', 'urn:hst:hub:IPSG', 4, 4, 1, $id) RETURNING id;",
                ("$id", Id(41)))!;
        }

        var resolve = await RunAsync("quarantine", "resolve", "--alarm", $"{alarm}", "--note", "the hub re-sent the notice");

        Assert.True(resolve.ExitCode == NodeCommandLine.Success, resolve.ToString());
        Assert.Equal(1, _temp.Count($"SELECT COUNT(*) FROM audit WHERE action = 'alarm-resolved' AND message_id = X'{Convert.ToHexString(Id(41))}';"));
    }

    [Fact]
    public async Task Resolve_ANotePaddedWithBlanks_IsTrimmedBeforeItsLengthIsChecked()
    {
        var note = new string('x', OperatorResolutions.MaxNoteLength);

        var run = await RunAsync("quarantine", "resolve", "--delivery", $"{_bad}", "--note", $"  {note}  ");

        Assert.True(run.ExitCode == NodeCommandLine.Success, run.ToString());
        Assert.Equal(1, _temp.Count($"SELECT COUNT(*) FROM quarantine WHERE resolution_note = '{note}';"));
    }

    [Theory]
    [InlineData("neither", "--note", "x")]
    [InlineData("both", "--delivery", "1", "--alarm", "1", "--note", "x")]
    [InlineData("no note", "--delivery", "1")]
    [InlineData("blank note", "--delivery", "1", "--note", "  ")]
    [InlineData("not a number", "--delivery", "one", "--note", "x")]
    [InlineData("zero", "--alarm", "0", "--note", "x")]
    [InlineData("--all does not apply", "--delivery", "1", "--note", "x", "--all")]
    [InlineData("an escape sequence in the note", "--delivery", "1", "--note", "ok\u001b[2J")]
    [InlineData("a line break in the note", "--delivery", "1", "--note", "first\nsecond")]
    [InlineData("a bidi override in the note", "--delivery", "1", "--note", "abc\u202Edef")]
    public async Task Resolve_WithBadArguments_IsAUsageError_AndResolvesNothing(string why, params string[] options)
    {
        var run = await RunAsync(["quarantine", "resolve", .. options]);

        Assert.True(run.ExitCode == NodeCommandLine.BadArguments, $"{why}: {run}");
        Assert.Equal(2, (await _temp.Store.StatusAsync()).Quarantined);
    }

    [Fact]
    public async Task Resolve_ANoteOverTheLimit_IsRefused()
    {
        var run = await RunAsync("quarantine", "resolve", "--delivery", $"{_bad}", "--note", new string('x', OperatorResolutions.MaxNoteLength + 1));

        Assert.Equal(NodeCommandLine.BadArguments, run.ExitCode);
        Assert.Contains($"--note is {OperatorResolutions.MaxNoteLength + 1} characters; at most {OperatorResolutions.MaxNoteLength}", run.Error, StringComparison.Ordinal);
    }

    private Task<CommandRun> RunAsync(params string[] args) => CommandRun.RunAsync([.. args, $"--Node:DatabasePath={_temp.DatabasePath}"]);
}
