using Grpc.AspNetCore.Server;
using HstFederation.Node.Agency;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// THREATS row 6 on the running node, not the proto: every endpoint the node maps (gRPC and its JSON routes) is an
/// AgencyGateway method in <see cref="AgencyRpcPolicy.Table"/>, so the authorization interceptor judges it. Another
/// service, or a plain HTTP endpoint, which no interceptor sees, fails here.
/// </summary>
public sealed class AgencyEndpointsTests : AgencyTestBase
{
    [Fact]
    public void EveryEndpointTheNodeMaps_IsAMethodOfThePolicyTable_OrGrpcsUnimplementedFallback()
    {
        var endpoints = Node.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).ToList();
        var methods = endpoints.Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName).ToList();
        var others = endpoints.Where((e, i) => methods[i] is null && !IsUnimplementedFallback(e)).Select(e => e.DisplayName);

        Assert.Empty(others);
        Assert.Equal(
            AgencyRpcPolicy.Table.Keys.Order(StringComparer.Ordinal),
            methods.OfType<string>().Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Grpc.JsonTranscoding.GrpcJsonTranscodingMetadata>() is not null);
    }

    /// <summary>grpc-dotnet's own routes answering UNIMPLEMENTED for an unknown service or method; they run no handler.</summary>
    private static bool IsUnimplementedFallback(Endpoint endpoint) =>
        endpoint is RouteEndpoint route && route.RoutePattern.RawText?.Contains(":grpcunimplemented}", StringComparison.Ordinal) == true;
}
