using System.Net;
using System.Security.Cryptography.X509Certificates;
using Google.Rpc;
using Grpc.Core;
using HstFederation.Node.Agency;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// One agency certificate blocked at the node (a lost or stolen one), by serial: a new connection with it is refused at the
/// TLS handshake (logged, not audited), calls on a connection opened before the block with CERTIFICATE_BLOCKED (audited),
/// while the same agency's other certificate, with the same identity and scope, keeps working; over real mTLS.
/// </summary>
public sealed class CertificateBlockTests : AgencyTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Call_WithABlockedCertificate_IsUnauthenticatedAndAudited_TheAgencysOtherCertificateWorks_AndUnblockRestoresIt()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var spare = Node.National.IssueAgency("border-police").ToX509Certificate2();
        var lost = Node.Grpc(agency.Certificate, out var lostChannel);
        using var _ = lostChannel;
        var kept = Node.Grpc(spare, out var keptChannel);
        using var __ = keptChannel;
        // Both connected and working before the block: the block must bite on a connection already open.
        await lost.ListOutboxAsync(new AgencyListRequest());
        await kept.ListOutboxAsync(new AgencyListRequest());

        var block = await Node.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Serial(agency.Certificate)), AgencyNode.Operator);

        Assert.True(block!.Added);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await lost.ListOutboxAsync(new AgencyListRequest()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("CERTIFICATE_BLOCKED: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("CERTIFICATE_BLOCKED", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Empty((await kept.ListOutboxAsync(new AgencyListRequest())).Messages);
        var denied = Assert.Single(Denials());
        Assert.Equal((agency.Actor, $"/hst.v1.AgencyGateway/ListOutbox CERTIFICATE_BLOCKED serial={Serial(agency.Certificate)}"), denied);

        await Node.Store.UnblockAgencyCertificateAsync("border-police", Serial(agency.Certificate), AgencyNode.Operator);

        Assert.Empty((await lost.ListOutboxAsync(new AgencyListRequest())).Messages);
        Assert.Single(Denials());
    }

    [Fact]
    public async Task Call_WithAHighSReencodingOfABlockedCertificate_IsStillRefused()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var twin = HighSTwin.Of(agency.Certificate);
        // The point of the test: the twin is another DER that the national CA's chain (AgencyTrust) still accepts.
        Assert.False(twin.RawData.AsSpan().SequenceEqual(agency.Certificate.RawData));
        Assert.Equal(agency.Certificate.SerialNumber, twin.SerialNumber);
        Assert.True(Node.Services.GetRequiredService<AgencyTrust>().Validate(twin).IsValid);
        var stolen = Node.Grpc(twin, out var channel);
        using var _ = channel;
        await stolen.ListOutboxAsync(new AgencyListRequest());

        await Node.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Serial(agency.Certificate)), AgencyNode.Operator);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await stolen.ListOutboxAsync(new AgencyListRequest()));
        Assert.Equal((StatusCode.Unauthenticated, "CERTIFICATE_BLOCKED"), (error.StatusCode, error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal((agency.Actor, $"/hst.v1.AgencyGateway/ListOutbox CERTIFICATE_BLOCKED serial={Serial(agency.Certificate)}"), Assert.Single(Denials()));
        using var http = Node.Http(twin);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/outbox")); // and a new connection with the twin fails at the handshake
    }

    [Fact]
    public async Task NewConnection_WithABlockedCertificate_IsRefusedAtTheHandshake_LoggedAsBlocked_AndNotAudited()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var spare = Node.National.IssueAgency("border-police").ToX509Certificate2();
        await Node.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Serial(agency.Certificate)), AgencyNode.Operator);
        var audited = AuditCount();
        using var blocked = Node.Http(agency.Certificate);
        using var kept = Node.Http(spare);

        await Assert.ThrowsAsync<HttpRequestException>(() => blocked.GetAsync("/v1/outbox"));

        await Eventually.TrueAsync(
            () => Task.FromResult(Node.Log.Messages.Any(m => m.StartsWith($"Agency TLS client certificate refused: Blocked (serial {Serial(agency.Certificate)} ", StringComparison.Ordinal))),
            "the node logs the refusal as Blocked");
        Assert.Equal(audited, AuditCount());
        using var response = await kept.GetAsync("/v1/outbox");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Empty(Denials());
    }

    [Fact]
    public async Task NewConnection_WhenTheBlockListCannotBeRead_IsRefusedAtTheHandshake()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using (var connection = Node.Store.Database.OpenWriterConnection())
        {
            // A store fault the handshake's look-up cannot get past: it must refuse, not let an unchecked certificate in.
            connection.Execute("ALTER TABLE blocked_agency_certificates RENAME TO blocked_agency_certificates_away;");
        }

        Node.Store.Database.ReleaseIdleConnections(); // pooled readers forget the old schema
        using var http = Node.Http(agency.Certificate);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/outbox"));

        await Eventually.TrueAsync(
            () => Task.FromResult(Node.Log.Messages.Any(m => m.StartsWith("Agency TLS client certificate refused: the certificate block list could not be read (SqliteException", StringComparison.Ordinal))),
            "the node logs that the block list could not be read");
        Assert.Empty(Denials());
    }

    [Fact]
    public async Task Call_WithABlockedCertificateOfADisabledAgency_IsRefusedForTheCertificate_TheOtherForTheAgency()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var spare = Node.National.IssueAgency("border-police").ToX509Certificate2();
        var lost = Node.Grpc(agency.Certificate, out var lostChannel);
        using var _ = lostChannel;
        var kept = Node.Grpc(spare, out var keptChannel);
        using var __ = keptChannel;
        await lost.ListInboxAsync(new AgencyListRequest()); // connected before the block: a new connection would fail at the handshake
        await Node.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Serial(agency.Certificate)), AgencyNode.Operator);
        await Node.Store.SetAgencyDisabledAsync("border-police", true, AgencyNode.Operator);

        var blocked = await Assert.ThrowsAsync<RpcException>(async () => await lost.ListInboxAsync(new AgencyListRequest()));
        var disabled = await Assert.ThrowsAsync<RpcException>(async () => await kept.ListInboxAsync(new AgencyListRequest()));

        Assert.Equal((StatusCode.Unauthenticated, "CERTIFICATE_BLOCKED"), (blocked.StatusCode, blocked.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
        Assert.Equal((StatusCode.PermissionDenied, "AGENCY_DISABLED"), (disabled.StatusCode, disabled.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason));
    }

    [Fact]
    public async Task Get_OverJson_WithABlockedCertificate_Is401WithTheReason()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);
        using (var before = await http.GetAsync("/v1/outbox"))
        {
            Assert.True(before.IsSuccessStatusCode); // connected before the block: a new connection would fail at the handshake
        }

        await Node.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Serial(agency.Certificate)), AgencyNode.Operator);

        using var response = await http.GetAsync("/v1/outbox");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"reason\":\"CERTIFICATE_BLOCKED\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(agency.Certificate.RawData), Entries(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_OfACertificateBlockedMeanwhile_EndsAtItsNextBatchWithTheError_WhileTheOtherCertificatesStreamGoesOn()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));
        using var spare = Node.National.IssueAgency("border-police").ToX509Certificate2();
        var lost = Node.Grpc(agency.Certificate, out var lostChannel);
        using var _ = lostChannel;
        var kept = Node.Grpc(spare, out var keptChannel);
        using var __ = keptChannel;
        using var deadline = new CancellationTokenSource(Deadline);
        using var lostCall = lost.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        using var keptCall = kept.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        var first = await Node.ReceiveAsync(Message(HandlingCode.H1));
        Assert.True(await lostCall.ResponseStream.MoveNext(deadline.Token));
        Assert.True(await keptCall.ResponseStream.MoveNext(deadline.Token));
        Assert.Equal(JsonTranscodingTests.MessageIdText(first), lostCall.ResponseStream.Current.Summary.MessageId);

        await Node.Store.BlockAgencyCertificateAsync(new NewCertificateBlock("border-police", Serial(agency.Certificate)), AgencyNode.Operator);
        var second = await Node.ReceiveAsync(Message(HandlingCode.H1));

        // The blocked stream's next batch (the second message's, or an idle re-check's before it) is refused: the message is never sent to it.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await lostCall.ResponseStream.MoveNext(deadline.Token))
            {
                Assert.NotEqual(JsonTranscodingTests.MessageIdText(second), lostCall.ResponseStream.Current.Summary.MessageId);
            }
        });
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("CERTIFICATE_BLOCKED: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(await keptCall.ResponseStream.MoveNext(deadline.Token));
        Assert.Equal(JsonTranscodingTests.MessageIdText(second), keptCall.ResponseStream.Current.Summary.MessageId);
        Assert.Equal((agency.Actor, $"/hst.v1.AgencyGateway/WatchInbox CERTIFICATE_BLOCKED serial={Serial(agency.Certificate)}"), Assert.Single(Denials()));
    }

    private static string Serial(X509Certificate2 certificate) => AgencyCertificateSerial.Of(certificate);

    private long AuditCount()
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        // The running node also records the hub's audit heads (serve's trust refresh, at its own moment): not this test's subject.
        command.CommandText = "SELECT COUNT(*) FROM audit WHERE action <> 'hub-audit-head';";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Every audit detail, one per line.</summary>
    private string Entries()
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(detail, char(10)) FROM audit;";
        return (string)command.ExecuteScalar()!;
    }
}
