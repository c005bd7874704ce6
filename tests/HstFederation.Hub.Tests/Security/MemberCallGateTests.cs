using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Grpc;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Security;

/// <summary>
/// A call's caller is judged by the policy (MemberCallGate) before the hub reads its request message: a party the policy
/// refuses gets PERMISSION_DENIED with its RejectionDetail and its `deny` entry whatever it sent, and is answered even
/// while it has sent nothing; over real mutual TLS.
/// </summary>
public sealed class MemberCallGateTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task NotProtobuf_FromARevokedMember_IsPermissionDenied_WithItsRejection_AndOneDenyEntry()
    {
        await Store.SetMemberStatusAsync(PartyId.Member("IT"), MemberStatus.Revoked, "test");

        var error = await RawGrpcCall.FailAsync(_hub.Channel(_hub.TlsCertificate("IT")), "/hst.v1.Hub/Submit", RawGrpcCall.NotProtobuf);

        AssertDenied(error, "urn:hst:member:IT (a revoked member) may not call /hst.v1.Hub/Submit");
        Assert.Equal([(PartyId.Member("IT").Uri, "/hst.v1.Hub/Submit as None")], Denials());
    }

    [Fact]
    public async Task NotProtobuf_ToAcknowledge_FromASuspendedMember_IsPermissionDenied_AndOneDenyEntry()
    {
        await Store.SetMemberStatusAsync(PartyId.Member("FR"), MemberStatus.Suspended, "test");

        var error = await RawGrpcCall.FailAsync(_hub.Channel(_hub.TlsCertificate("FR")), "/hst.v1.Hub/Acknowledge", RawGrpcCall.NotProtobuf);

        AssertDenied(error, "urn:hst:member:FR (a suspended member) may not call /hst.v1.Hub/Acknowledge");
        Assert.Equal([(PartyId.Member("FR").Uri, "/hst.v1.Hub/Acknowledge as SuspendedMember")], Denials());
    }

    [Fact]
    public async Task RevokedMember_IsAnsweredBeforeItSendsItsRequestMessage()
    {
        await Store.SetMemberStatusAsync(PartyId.Member("IT"), MemberStatus.Revoked, "test");

        var error = await RawGrpcCall.FailBeforeSendingAsync(_hub.Channel(_hub.TlsCertificate("IT")), "/hst.v1.Hub/Submit");

        AssertDenied(error, "urn:hst:member:IT (a revoked member) may not call /hst.v1.Hub/Submit");
    }

    [Fact]
    public async Task NotProtobuf_FromAnActiveMember_IsReadAndRefusedByGrpc_NotDenied()
    {
        var error = await RawGrpcCall.FailAsync(_hub.Channel(_hub.TlsCertificate("FR")), "/hst.v1.Hub/Submit", RawGrpcCall.NotProtobuf);

        Assert.NotEqual(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Null(RejectionTrailer.Read(error));
        Assert.Empty(Denials());
        Assert.NotNull(await _hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()));
    }

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    /// <summary>The refusal a denied call gets inside the call too (RejectionTrailer.ToRpcException): status, message, trailer.</summary>
    private static void AssertDenied(RpcException error, string detail)
    {
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var rejection = RejectionTrailer.Read(error);
        Assert.NotNull(rejection);
        Assert.Equal((RejectionReason.PermissionDenied, detail), (rejection.Reason, rejection.Detail));
        Assert.False(string.IsNullOrEmpty(rejection.CorrelationId));
        Assert.Equal($"PermissionDenied: {detail} (correlation id {rejection.CorrelationId})", error.Status.Detail);
    }

    private List<(string Actor, string Detail)> Denials()
    {
        using var connection = Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT actor, detail FROM audit WHERE action = $action ORDER BY seq;";
        command.Parameters.AddWithValue("$action", AuditActions.Deny);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
