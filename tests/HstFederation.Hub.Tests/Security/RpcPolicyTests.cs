using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Subscriptions;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Security;

/// <summary>THREATS row 6: every served method is in the policy table, and the table is enforced.</summary>
public sealed class RpcPolicyTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void PolicyTable_CoversExactlyTheMethodsTheHubServes()
    {
        var served = _hub.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>())
            .Where(metadata => metadata is not null)
            .Select(metadata => metadata!.Method.FullName)
            .Distinct()
            .Order()
            .ToList();

        Assert.Contains("/hst.v1.Hub/Submit", served);
        Assert.Equal(RpcPolicy.Table.Keys.Order(), served);
    }

    /// <summary>
    /// The table only judges gRPC calls: a plain HTTP endpoint on the hub would be served to any TLS client with no
    /// interceptor asking who it is. grpc-dotnet's own UNIMPLEMENTED routes run no handler.
    /// </summary>
    [Fact]
    public void Endpoints_AreAllGrpcMethodsOfThePolicyTable_OrGrpcsUnimplementedFallback()
    {
        var others = _hub.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .Where(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is null
                && !(endpoint is RouteEndpoint route && route.RoutePattern.RawText?.Contains(":grpcunimplemented}", StringComparison.Ordinal) == true))
            .Select(endpoint => endpoint.DisplayName);

        Assert.Empty(others);
    }

    [Fact]
    public void PolicyTable_UnknownMethod_IsDeniedToEveryone()
    {
        Assert.False(RpcPolicy.Allows("/hst.v1.Hub/Purge", CallerRole.ActiveMember | CallerRole.Hub | CallerRole.SuspendedMember));
    }

    [Fact]
    public async Task Submit_BySuspendedMember_IsPermissionDeniedButTheDirectoryIsStillServed()
    {
        await _hub.Services.GetRequiredService<HubStore>().SetMemberStatusAsync(PartyId.Member("FR"), MemberStatus.Suspended, "test");

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(RejectionReason.PermissionDenied, RejectionTrailer.Read(error)!.Reason);
        Assert.NotNull(await _hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()));
        Assert.True(HubAudit.Verify(_hub.Services.GetRequiredService<HubStore>().Database).Count >= 1);
        Assert.Contains("deny", AuditActionsWritten(), StringComparer.Ordinal);
    }

    [Fact]
    public async Task Submit_ByAMemberNotEnrolled_IsPermissionDenied()
    {
        await _hub.Services.GetRequiredService<HubStore>().SetMemberStatusAsync(PartyId.Member("IT"), MemberStatus.Revoked, "test");

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("IT").GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Subscribe_AsTheHubItself_IsDenied()
    {
        using var stream = _hub.Client(PartyId.HubCode).Subscribe(new SubscribeRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Subscribe_ClientGoesAway_TheHandlerEnds()
    {
        var streams = _hub.Services.GetRequiredService<SubscriptionStream>();
        using (var cancel = new CancellationTokenSource())
        {
            using var call = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
            await Wait.UntilAsync(() => streams.Active == 1);
            await cancel.CancelAsync();
        }

        await Wait.UntilAsync(() => streams.Active == 0);
    }

    private List<string> AuditActionsWritten()
    {
        using var connection = _hub.Services.GetRequiredService<HubStore>().Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT action FROM audit ORDER BY seq";
        using var reader = command.ExecuteReader();
        var actions = new List<string>();
        while (reader.Read())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }
}
