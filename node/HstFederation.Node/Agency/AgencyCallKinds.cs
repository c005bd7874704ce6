using Grpc.Core;

namespace HstFederation.Node.Agency;

/// <summary>Which slots a call holds (<see cref="AgencyCallKind"/>), decided alike for gRPC and JSON calls.</summary>
internal static class AgencyCallKinds
{
    /// <summary>The one call whose work grows with the store (the index), whichever transport (gRPC or JSON) carried it.</summary>
    private const string SearchMethod = "/hst.v1.AgencyGateway/Search";

    public static AgencyCallKind Of(string method, MethodType type) =>
        type == MethodType.ServerStreaming ? AgencyCallKind.Stream
        : method == SearchMethod ? AgencyCallKind.Search
        : AgencyCallKind.Call;
}
