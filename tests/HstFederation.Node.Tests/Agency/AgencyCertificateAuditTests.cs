using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Grpc.Core;
using HstFederation.Node.Agency;
using HstFederation.Node.Audit;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Protocol.V1;
using HstFederation.Storage.Audit;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// Every audit entry of an agency's call names the client certificate it came through (node migration 22), over real mTLS
/// with one agency holding two certificates: so when one leaks, the NCB tells its reads and submissions from the other's.
/// Operators' and the node's own entries name none; the ledger (CLI text and --json, GetLedger) shows the serial.
/// </summary>
public sealed class AgencyCertificateAuditTests : AgencyTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Calls_ThroughTwoCertificatesOfOneAgency_EachEntryNamesItsOwnSerial_AndOperatorEntriesNone()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var spare = Node.National.IssueAgency("border-police").ToX509Certificate2();
        var reader = await Node.RegisterAsync("reader", Scopes.ReadOnly("H1", "all"));
        var (first, second) = (Serial(agency.Certificate), Serial(spare));
        Assert.NotEqual(first, second);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var other = Node.Grpc(spare, out var otherChannel);
        using var __ = otherChannel;
        var readOnly = Node.Grpc(reader.Certificate, out var readerChannel);
        using var ___ = readerChannel;
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);

        var submitted = await client.SubmitAsync(new AgencySubmitRequest { Message = message, Members = { "DE" }, RequestId = "r-1" });
        var repeated = await other.SubmitAsync(new AgencySubmitRequest { Message = message, Members = { "DE" }, RequestId = "r-1" });
        var id = Guid.Parse(submitted.MessageId).ToByteArray(bigEndian: true);
        await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId });
        await other.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId });
        await other.ListOutboxAsync(new AgencyListRequest());
        await other.SearchAsync(new AgencySearchRequest { Query = "KOVALCHUK" });
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await readOnly.SubmitAsync(new AgencySubmitRequest { Message = message, Members = { "DE" } }));
        using (var http = Node.Http(spare))
        {
            (await http.GetAsync("/v1/inbox")).EnsureSuccessStatusCode();
        }

        var received = await Node.ReceiveAsync(Message(HandlingCode.H1));
        using (var deadline = new CancellationTokenSource(Deadline))
        using (var call = other.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
        }

        Assert.Equal(submitted.MessageId, repeated.MessageId);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var entries = Entries();
        Assert.Equal(first, Single(entries, agency.Actor, NodeAuditActions.Enqueue, id).Certificate);
        Assert.Equal(second, Single(entries, agency.Actor, NodeAuditActions.EnqueueRepeat, id).Certificate);
        Assert.Equal([first, second], entries.Where(e => e.Action == NodeAuditActions.Read && Same(e.MessageId, id)).Select(e => e.Certificate));
        Assert.Equal(second, Assert.Single(entries, e => e.Action == NodeAuditActions.List && e.Detail == "outbox returned=1").Certificate);
        Assert.Equal(second, Assert.Single(entries, e => e.Action == NodeAuditActions.List && e.Detail.StartsWith("inbox ", StringComparison.Ordinal)).Certificate);
        Assert.Equal(second, Assert.Single(entries, e => e.Action == NodeAuditActions.Search).Certificate);
        Assert.Equal(second, Assert.Single(entries, e => e.Action == NodeAuditActions.Watch).Certificate);
        Assert.Equal(second, Single(entries, agency.Actor, NodeAuditActions.Read, received).Certificate);
        var denied = Assert.Single(entries, e => e.Action == NodeAuditActions.Denied);
        Assert.Equal((reader.Actor, Serial(reader.Certificate)), (denied.Actor, denied.Certificate));
        // The operator's registrations and the node's own receive came over no agency's connection.
        Assert.All(entries.Where(e => !e.Actor.StartsWith(AgencyRecord.ActorPrefix, StringComparison.Ordinal)), e => Assert.Null(e.Certificate));
        Assert.Equal(2, entries.Count(e => e.Actor == AgencyNode.Operator && e.Action == NodeAuditActions.AgencyAdded));
        Assert.All(entries.Where(e => e.Actor.StartsWith(AgencyRecord.ActorPrefix, StringComparison.Ordinal)), e => Assert.NotNull(e.Certificate));

        var verification = NodeAudit.Verify(Node.Store.Database);
        Assert.True(verification.IsIntact, verification.Detail);
        Assert.Equal(entries.Count, verification.Count);
    }

    [Fact]
    public async Task Ledger_ShowsTheCertificateOfEachAgencyEntry_OnTheAgencyApi_AndInHstNodeLedger()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var spare = Node.National.IssueAgency("border-police").ToX509Certificate2();
        var (first, second) = (Serial(agency.Certificate), Serial(spare));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var other = Node.Grpc(spare, out var otherChannel);
        using var __ = otherChannel;
        var submitted = await client.SubmitAsync(new AgencySubmitRequest { Message = SampleMessages.Realistic(DateTimeOffset.UtcNow), Members = { "DE" } });
        await other.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId });

        var text = await CommandRun.RunAsync(["ledger", submitted.MessageId, $"--Node:DatabasePath={DatabasePath}"]);
        var ledger = await other.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = submitted.MessageId });
        using var http = Node.Http(agency.Certificate);
        var json = await http.GetStringAsync($"/v1/messages/{submitted.MessageId}/ledger");
        var cli = await CommandRun.RunAsync(["ledger", submitted.MessageId, "--json", $"--Node:DatabasePath={DatabasePath}"]);

        var read = Assert.Single(ledger.Reads);
        Assert.Equal((agency.Actor, second), (read.Actor, read.Certificate));
        Assert.Equal(first, Assert.Single(ledger.Audit, e => e.Action == NodeAuditActions.Enqueue).Certificate);
        using (var document = JsonDocument.Parse(json))
        {
            // The agency API's JSON names the serial too (GetLedger look-ups are ledger entries, not reads).
            var reads = document.RootElement.GetProperty("reads").EnumerateArray().Select(e => e.GetProperty("certificate").GetString());
            Assert.Equal([second], reads);
            // The operator's `hst-node ledger` look-up (the CLI's run above) names none: "" (proto3's empty string).
            var look = Assert.Single(document.RootElement.GetProperty("audit").EnumerateArray(), e => e.GetProperty("action").GetString() == NodeAuditActions.Ledger
                && e.GetProperty("actor").GetString()!.StartsWith("operator:", StringComparison.Ordinal));
            Assert.Equal(string.Empty, look.GetProperty("certificate").GetString());
        }

        Assert.True(text.ExitCode == NodeCommandLine.Success, text.ToString());
        Assert.Contains($"{agency.Actor} (certificate {second})  GetMessage outbox", text.Out, StringComparison.Ordinal);
        Assert.Contains("CERTIFICATE", text.Out, StringComparison.Ordinal);
        Assert.Contains(first, text.Out, StringComparison.Ordinal);
        Assert.True(cli.ExitCode == NodeCommandLine.Success, cli.ToString());
        using var output = JsonDocument.Parse(cli.Out);
        var audit = output.RootElement.GetProperty("audit").EnumerateArray().ToList();
        Assert.Equal(first, Assert.Single(audit, e => e.GetProperty("action").GetString() == NodeAuditActions.Enqueue).GetProperty("certificate").GetString());
        Assert.Equal(second, Assert.Single(output.RootElement.GetProperty("reads").EnumerateArray()).GetProperty("certificate").GetString());
        // The operator's own look-up (the text run above) came through no agency certificate.
        Assert.All(audit.Where(e => e.GetProperty("actor").GetString()!.StartsWith("operator:", StringComparison.Ordinal)),
            e => Assert.Equal(JsonValueKind.Null, e.GetProperty("certificate").ValueKind));
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == NodeAuditActions.Ledger && e.GetProperty("actor").GetString()!.StartsWith("operator:", StringComparison.Ordinal));
    }

    private string DatabasePath => Path.Combine(Node.DirectoryPath, "node.db");

    private static string Serial(X509Certificate2 certificate) => AgencyCertificateSerial.Of(certificate);

    private static bool Same(byte[]? a, byte[] b) => a is not null && a.AsSpan().SequenceEqual(b);

    private static AuditEntry Single(List<AuditEntry> entries, string actor, string action, byte[] messageId) =>
        Assert.Single(entries, e => e.Actor == actor && e.Action == action && Same(e.MessageId, messageId));

    private List<AuditEntry> Entries()
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, at_ms, actor, action, message_id, detail, prev_hash, hash, certificate FROM audit ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : (byte[])reader[4], reader.GetString(5), (byte[])reader[6], (byte[])reader[7],
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return entries;
    }
}
