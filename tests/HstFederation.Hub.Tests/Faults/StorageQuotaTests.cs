using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Faults;

/// <summary>
/// THREATS row 28 on `hst-hub serve` as an OS process: the operator's quota <c>Hub:MaxDatabasePages</c> stands in
/// for a full disk. A full store refuses Submit as retriable (Unavailable, StorageFull), gives no receipt and
/// stores nothing, keeps answering the other calls, and accepts the same envelope once restarted with room.
/// </summary>
public sealed class StorageQuotaTests
{
    [Fact]
    [Trait("Category", "Fault")]
    public async Task Submit_HubProcessAtItsQuota_IsRetriableStorageFullWithoutReceipt_OthersServed_AndAcceptedAfterARestartWithRoom()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var hub = await HubProcess.CreateAsync(["FR", "DE"]);
        var (before, blocked) = (Seal(hub, 1), Seal(hub, 2));
        var roomy = await hub.StartAsync(cancel.Token);
        await roomy.Client("FR").SubmitAsync(Request(before), cancellationToken: cancel.Token);
        await hub.KillAsync();

        // SQLite keeps a quota at least at the current size: 1 means "not one page more".
        hub.StartArguments.Add("--Hub:MaxDatabasePages=1");
        var full = await hub.StartAsync(cancel.Token);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => full.Client("FR").SubmitAsync(Request(blocked), cancellationToken: cancel.Token).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            var detail = RejectionTrailer.Read(error)!;
            Assert.Equal(RejectionReason.StorageFull, detail.Reason);
            Assert.True(detail.RetryAfterMs > 0);
            Assert.NotEmpty(detail.CorrelationId);
        }

        Assert.Equal(1, StoredMessages(hub));
        var health = new Health.HealthClient(full.Channel("FR"));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: cancel.Token)).Status);
        Assert.NotNull(await full.Client("DE").GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: cancel.Token));
        using (var stream = full.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token))
        {
            Assert.True(await stream.ResponseStream.MoveNext(cancel.Token), hub.OutputTail);
            Assert.Equal(before, stream.ResponseStream.Current.Envelope.ToByteArray());
        }

        await hub.KillAsync();
        hub.StartArguments.Clear();
        hub.StartArguments.Add("--Hub:MaxDatabasePages=1000000");
        var restarted = await hub.StartAsync(cancel.Token);
        var accepted = await restarted.Client("FR").SubmitAsync(Request(blocked), cancellationToken: cancel.Token);

        Assert.False(accepted.Duplicate);
        var receipt = SignedStatements.Verify(accepted.Receipt, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, hub.Trust, r => r.AcceptedAtMs);
        Assert.True(receipt.IsSuccess);
        Assert.Equal(2UL, receipt.Value.Statement.HubSequence);
        Assert.Equal(2, StoredMessages(hub));
    }

    /// <summary>Big enough (60 kB of summary) that storing it needs new pages whatever free space the file has.</summary>
    private static byte[] Seal(HubProcess hub, ulong sequence)
    {
        var time = TimeProvider.System;
        var message = SampleMessages.Realistic(time.GetUtcNow());
        message.Case.Summary = new string('x', 60_000);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        return new EnvelopeSealer(time, HandlingPolicy.WithoutRegions)
            .Seal(message, hub.Credentials("FR"), [hub.Credentials("DE").Encryption], new SealOptions { Sequence = sequence }).Bytes.ToArray();
    }

    private static SubmitRequest Request(byte[] envelope) => new() { Envelope = ByteString.CopyFrom(envelope) };

    private static long StoredMessages(HubProcess hub)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = hub.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM messages;";
        return (long)command.ExecuteScalar()!;
    }
}
