using Grpc.Core;
using Grpc.Net.Client;

namespace HstFederation.Testing.Grpc;

/// <summary>
/// gRPC calls whose request is what the test says, not what a generated client would build: a message of raw bytes, or
/// none sent at all. They show a server answering before (or without) reading the request.
/// </summary>
public static class RawGrpcCall
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>Not a protobuf message: 0xFF... is a tag with field number 0 and a varint that never ends.</summary>
    public static IReadOnlyList<byte> NotProtobuf { get; } = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

    /// <summary>Calls <paramref name="method"/> (its full name, unary) with <paramref name="body"/> as its message; returns its failure.</summary>
    public static async Task<RpcException> FailAsync(GrpcChannel channel, string method, IReadOnlyList<byte> body)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(Method(MethodType.Unary, method), null, new CallOptions(cancellationToken: deadline.Token), [.. body]);
        }
        catch (RpcException error)
        {
            return error;
        }

        throw new InvalidOperationException($"{method} succeeded; the test expected it to fail");
    }

    /// <summary>
    /// Opens a call to <paramref name="method"/> and sends no message, the request left open: returns the failure the server
    /// answers with. A server that waits for the request first never answers: this then returns, at its deadline (30 s),
    /// the client's own CANCELLED, which a test expecting the server's refusal rejects.
    /// </summary>
    public static async Task<RpcException> FailBeforeSendingAsync(GrpcChannel channel, string method)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var deadline = new CancellationTokenSource(Deadline);
        // Client streaming on the wire is a request whose messages the client writes when it likes: here, never.
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(Method(MethodType.ClientStreaming, method), null, new CallOptions(cancellationToken: deadline.Token));
        try
        {
            await call.ResponseAsync;
        }
        catch (RpcException error)
        {
            return error;
        }

        throw new InvalidOperationException($"{method} succeeded with no request message; the test expected it to fail");
    }

    private static Method<byte[], byte[]> Method(MethodType type, string fullName)
    {
        var parts = fullName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new Method<byte[], byte[]>(type, parts[0], parts[1], Bytes, Bytes);
    }
}
