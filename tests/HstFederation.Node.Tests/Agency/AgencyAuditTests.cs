using Grpc.Core;
using HstFederation.Node.Audit;
using HstFederation.Protocol.V1;
using HstFederation.Storage.Audit;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>Every agency call is in the node's hash-chained audit log with the agency's identity; no content.</summary>
public sealed class AgencyAuditTests : AgencyTestBase
{
    [Fact]
    public async Task Calls_AreAuditedWithTheAgencyIdentity_AndTheChainVerifies()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var outsider = Node.National.IssueAgency("unregistered").ToX509Certificate2();
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var stranger = Node.Grpc(outsider, out var strangerChannel);
        using var __ = strangerChannel;
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);

        var submitted = await client.SubmitAsync(new AgencySubmitRequest { Message = message, Members = { "DE" } });
        await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId });
        await client.ListOutboxAsync(new AgencyListRequest());
        await client.SearchAsync(new AgencySearchRequest { Query = "KOVALCHUK" });
        await Assert.ThrowsAsync<RpcException>(async () => await stranger.ListInboxAsync(new AgencyListRequest()));

        var entries = Entries();
        var id = Guid.Parse(submitted.MessageId).ToByteArray(bigEndian: true);
        Assert.Contains(entries, e => e.Actor == "operator:test" && e.Action == NodeAuditActions.AgencyAdded && e.Detail.Contains("agency=border-police", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Actor == agency.Actor && e.Action == NodeAuditActions.Enqueue && e.MessageId!.SequenceEqual(id));
        Assert.Contains(entries, e => e.Actor == agency.Actor && e.Action == NodeAuditActions.Read && e.MessageId!.SequenceEqual(id));
        Assert.Contains(entries, e => e.Actor == agency.Actor && e.Action == NodeAuditActions.List && e.Detail == "outbox returned=1");
        Assert.Contains(entries, e => e.Actor == agency.Actor && e.Action == NodeAuditActions.Search && e.Detail.StartsWith("kind=any", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Actor == "urn:hst:agency:FR:unregistered" && e.Action == NodeAuditActions.Denied
            && e.Detail == "/hst.v1.AgencyGateway/ListInbox AGENCY_NOT_REGISTERED");
        Assert.DoesNotContain(entries, e => e.Detail.Contains("Zuwara", StringComparison.OrdinalIgnoreCase) || e.Detail.Contains(message.Case.Reference, StringComparison.Ordinal));
        Assert.DoesNotContain(Node.Log.Messages, m => m.Contains(message.Case.Reference, StringComparison.Ordinal) || m.Contains("KOVALCHUK", StringComparison.Ordinal));

        var verification = NodeAudit.Verify(Node.Store.Database);
        Assert.True(verification.IsIntact, verification.Detail);
        Assert.Equal(entries.Count, verification.Count);
    }

    private List<AuditEntry> Entries()
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, at_ms, actor, action, message_id, detail, prev_hash, hash FROM audit ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : (byte[])reader[4], reader.GetString(5), (byte[])reader[6], (byte[])reader[7]));
        }

        return entries;
    }
}
