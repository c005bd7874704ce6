using Grpc.Core;
using Grpc.Net.Client;

namespace HstFederation.Node.Tests.Agency;

/// <summary>A unary gRPC call whose request message is sent as given, bytes the client does not build or check.</summary>
internal static class RawGrpcCall
{
    /// <summary>Not a protobuf message: 0xFF... is a tag with field number 0 and a varint that never ends.</summary>
    public static byte[] NotProtobuf { get; } = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Calls <paramref name="method"/> (its full name) with <paramref name="body"/> as its message; returns its failure.</summary>
    public static async Task<RpcException> FailAsync(GrpcChannel channel, string method, byte[] body)
    {
        var bytes = Marshallers.Create(b => b, b => b);
        var parts = method.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var call = new Method<byte[], byte[]>(MethodType.Unary, parts[0], parts[1], bytes, bytes);
        using var deadline = new CancellationTokenSource(Deadline);
        return await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(cancellationToken: deadline.Token), body));
    }
}
