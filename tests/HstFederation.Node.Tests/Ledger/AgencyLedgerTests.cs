using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Agency;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Agency;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Ledger;

/// <summary>GetLedger over the real agency listener (mutual TLS): visible exactly when the message is, never for a purged copy.</summary>
public sealed class AgencyLedgerTests : AgencyTestBase
{
    [Fact]
    public async Task GetLedger_InsideTheReadScope_IsTheLedger_OutsideOrMissingOrPurged_IsNotFoundLikeAMissingMessage()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("H0,H1", "all"));
        var h1 = await Node.ReceiveAsync(Message(HandlingCode.H1));
        var h3 = await Node.ReceiveAsync(Message(HandlingCode.H3));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var ledger = await client.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = MessageIds.Format(h1) });
        var hidden = await Assert.ThrowsAsync<RpcException>(async () => await client.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = MessageIds.Format(h3) }));
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = "0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e" }));
        var malformed = await Assert.ThrowsAsync<RpcException>(async () => await client.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = "12" }));

        Assert.Equal(MessageIds.Format(h1), ledger.MessageId);
        Assert.Null(ledger.Sent);
        Assert.Equal("urn:hst:member:DE", Assert.Single(ledger.Received).Sender);
        Assert.Equal(["receive"], ledger.Audit.Select(e => e.Action));
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(Shape(missing.Status.Detail), Shape(hidden.Status.Detail));
        Assert.StartsWith("MESSAGE_NOT_FOUND", hidden.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);

        // Recalled by its source: the copy is purged, so the scope can no longer be judged on it.
        var applied = await Node.Store.ApplyOrderAsync(Recall(h1));
        Assert.Equal(LifecycleOutcome.Purged, applied.Outcome);
        var purged = await Assert.ThrowsAsync<RpcException>(async () => await client.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = MessageIds.Format(h1) }));
        Assert.Equal(StatusCode.NotFound, purged.StatusCode);

        Assert.Equal(4, Count("SELECT COUNT(*) FROM audit WHERE action = 'ledger' AND actor = 'agency:border-police';"));
        Assert.Equal(3, Count("SELECT COUNT(*) FROM audit WHERE action = 'ledger' AND detail = 'GetLedger not found';"));
    }

    [Fact]
    public async Task GetLedger_OfAMessageReadMoreThanTheBound_ListsTheNewestEntries_WithTheTotals()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));
        var id = await Node.ReceiveAsync(Message(HandlingCode.H1));
        var reads = AgencyLedger.MaxAuditEntries + 20;
        // As many GetMessage reads would write (through the writer, so concurrent ones share commits).
        await Task.WhenAll(Enumerable.Range(1, reads).Select(n => Node.Store.AuditAsync(agency.Actor, "read", id, $"GetMessage inbox n={n}")));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var ledger = await client.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = MessageIds.Format(id) });

        Assert.Equal((uint)reads, ledger.ReadsTotal);
        Assert.Equal(AgencyLedger.MaxAuditEntries, ledger.Reads.Count);
        Assert.Equal((uint)(reads + 1), ledger.AuditTotal); // and its receive
        Assert.Equal(AgencyLedger.MaxAuditEntries, ledger.Audit.Count);
        var newest = Count("SELECT MAX(seq) FROM audit WHERE action = 'read';");
        Assert.Equal((ulong)newest, ledger.Reads[^1].Seq);
        Assert.True(ledger.Reads.Zip(ledger.Reads.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
    }

    [Fact]
    public async Task GetLedger_OfItsOwnSubmission_OutsideItsReadScope_IsItsLedgerOverJson_ButNotAnotherAgencys()
    {
        var submitter = await Node.RegisterAsync("coast-guard", new AgencyScope(true, false, ScopeTokens.ParseHandling("H0"), ScopeTokens.ParseCrimeTypes("all")));
        var other = await Node.RegisterAsync("border-police", Scopes.ReadOnly("H0", "all"));
        var client = Node.Grpc(submitter.Certificate, out var channel);
        using var _ = channel;
        var submitted = await client.SubmitAsync(new AgencySubmitRequest { Message = Message(HandlingCode.H3), Members = { "DE" } });

        using var http = Node.Http(submitter.Certificate);
        using var response = await http.GetAsync($"/v1/messages/{submitted.MessageId}/ledger");
        var body = await response.Content.ReadAsStringAsync();
        var otherClient = Node.Grpc(other.Certificate, out var otherChannel);
        using var __ = otherChannel;
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await otherClient.GetLedgerAsync(new AgencyGetLedgerRequest { MessageId = submitted.MessageId }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ledger = JsonParser.Default.Parse<AgencyMessageLedger>(body);
        Assert.Equal(submitted.MessageId, ledger.MessageId);
        Assert.Equal("agency:coast-guard", ledger.Sent.QueuedBy);
        Assert.Equal(["urn:hst:member:DE"], ledger.Sent.Holders.Select(h => h.Party));
        Assert.Empty(ledger.Received);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(submitted.MessageId, document.RootElement.GetProperty("messageId").GetString());
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
    }

    private static string Shape(string detail) =>
        System.Text.RegularExpressions.Regex.Replace(detail, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|correlation id [^)]*", "*");
}
