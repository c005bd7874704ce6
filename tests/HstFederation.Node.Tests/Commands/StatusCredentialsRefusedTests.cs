using System.Text.Json;
using HstFederation.DevPki;
using HstFederation.Node.Commands;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node status` when this NCB's credentials cannot be used: the CRL gone stale, or this NCB revoked while its serve
/// was stopped. It used to refuse in one line and show nothing else; the duty officer needs the rest (outbox, inbox,
/// alarms, keys) with the problem stated first, the exit code still 1, and what becomes of the queued messages.
/// </summary>
public sealed class StatusCredentialsRefusedTests : CommandLineTestBase
{
    [Fact]
    public async Task Status_WithAStaleCrl_ShowsEverythingItCan_WithTheCrlProblemFirst_AndExitsOne()
    {
        await Fr.EnqueueAsync("DE");
        var now = Hub.Time.GetUtcNow();
        var crlPath = FederationLayout.RevocationList(Hub.DirectoryPath);
        // Past its nextUpdate by more than Node:RevocationGrace (1 day): stale.
        File.WriteAllText(crlPath, Hub.Federation.Pki.IssueCrl(now.AddDays(-3), now.AddDays(-2)).Pem + "\n");

        var text = await RunAsync(Fr, "status");
        var json = await RunAsync(Fr, "status", "--json");

        Assert.Equal(NodeCommandLine.Failure, text.ExitCode);
        var lines = text.Out.Split(Environment.NewLine);
        Assert.Equal($"Node         {Fr.Party}", lines[0]);
        Assert.StartsWith("Credentials  REFUSED, THE CRL IS STALE: the CRL (number ", lines[1], StringComparison.Ordinal);
        Assert.Contains($"until a fresh federation CRL from the CA operator is at {crlPath}", lines[1], StringComparison.Ordinal);
        Assert.Contains("Hub          NOT PROBED", text.Out, StringComparison.Ordinal);
        Assert.Contains("Outbox       1 queued, 0 accepted, 0 rejected, 0 receipts awaited; last accepted never; the 1 queued wait, kept: nothing is sealed or sent until a fresh CRL is in place",
            text.Out, StringComparison.Ordinal);
        foreach (var label in new[] { "Serve", "Inbox", "Quarantine", "Alarms", "Clock", "Certificates", "Encryption", "Federation" })
        {
            Assert.Contains(Environment.NewLine + label.PadRight(13), text.Out, StringComparison.Ordinal);
        }

        Assert.Contains(" STALE since ", text.Out, StringComparison.Ordinal);
        Assert.Contains("certificate problem RevocationDataStale", text.Error, StringComparison.Ordinal);

        Assert.Equal(NodeCommandLine.Failure, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        Assert.False(root.GetProperty("credentials").GetProperty("usable").GetBoolean());
        Assert.Equal("RevocationDataStale", root.GetProperty("credentials").GetProperty("problem").GetString());
        Assert.False(root.GetProperty("hub").GetProperty("probed").GetBoolean());
        Assert.Equal(1, root.GetProperty("store").GetProperty("queued").GetInt64());
        Assert.Equal(Fr.Party, root.GetProperty("node").GetString());
        Assert.False(root.GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task StatusAndOutbox_OfANodeStoppedWhileItsNcbIsRevoked_SayTheQueuedCannotBeSentAndWhatToDo_KeepThem_AndCancelStillWorks()
    {
        var first = await Fr.EnqueueAsync("DE");
        var second = await Fr.EnqueueAsync("DE");
        await Fr.CloseAsync();
        var (exit, output) = await Hub.RevokeAsync("FR");
        Assert.True(exit == 0, output);

        var status = await RunAsync(Fr, "status");
        var statusJson = await RunAsync(Fr, "status", "--json");
        var outbox = await RunAsync(Fr, "outbox");
        var outboxJson = await RunAsync(Fr, "outbox", "--json");

        Assert.Equal(NodeCommandLine.Failure, status.ExitCode);
        Assert.Contains("Credentials  REFUSED, THIS NCB IS REVOKED: certificate ", status.Out, StringComparison.Ordinal);
        Assert.Contains("only new certificates from the CA operator, enrolled again at the hub by the General Secretariat, bring this NCB back", status.Out, StringComparison.Ordinal);
        const string Blocked = "the 2 queued CANNOT BE SENT while this NCB is revoked: they are kept queued, nothing is lost; they can leave only once this NCB has " +
            "new certificates from the CA operator, enrolled again at the hub (ask the General Secretariat), and 'serve' runs with them; " +
            "'hst-node cancel <id>' stops one that must not wait";
        Assert.Contains("Outbox       2 queued, 0 accepted, 0 rejected, 0 receipts awaited; last accepted never; " + Blocked, status.Out, StringComparison.Ordinal);
        Assert.Contains("Serve        NOT running", status.Out, StringComparison.Ordinal);
        Assert.Contains("; REVOKED", status.Out, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(statusJson.Out))
        {
            Assert.Equal("Revoked", document.RootElement.GetProperty("credentials").GetProperty("problem").GetString());
            Assert.StartsWith(Blocked, document.RootElement.GetProperty("queuedBlocked").GetString(), StringComparison.Ordinal);
        }

        Assert.True(outbox.ExitCode == NodeCommandLine.Success, outbox.ToString());
        Assert.Contains(Environment.NewLine + "The 2 queued CANNOT BE SENT while this NCB is revoked", outbox.Out, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(outboxJson.Out))
        {
            Assert.StartsWith(Blocked, document.RootElement.GetProperty("queuedBlocked").GetString(), StringComparison.Ordinal);
            Assert.All(document.RootElement.GetProperty("messages").EnumerateArray(), m => Assert.Equal("queued", m.GetProperty("state").GetString()));
        }

        // A page of one counts every queued message, not the page's.
        var page = await RunAsync(Fr, "outbox", "--limit", "1");
        Assert.Contains(Environment.NewLine + "The 2 queued CANNOT BE SENT while this NCB is revoked", page.Out, StringComparison.Ordinal);

        var cancel = await RunAsync(Fr, "cancel", $"outbox:{second.LocalId}");
        Assert.True(cancel.ExitCode == NodeCommandLine.Success, cancel.ToString());
        var after = await RunAsync(Fr, "outbox", "--state", "queued", "--json");
        using (var document = JsonDocument.Parse(after.Out))
        {
            var queued = Assert.Single(document.RootElement.GetProperty("messages").EnumerateArray());
            Assert.Equal(first.LocalId, queued.GetProperty("localId").GetInt64());
        }
    }

    [Fact]
    public async Task Outbox_WithUsableCredentials_SaysNothingOfBlockedMessages()
    {
        await Fr.EnqueueAsync("DE");

        var outbox = await RunAsync(Fr, "outbox", "--json");

        using var document = JsonDocument.Parse(outbox.Out);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("queuedBlocked").ValueKind);
    }
}
