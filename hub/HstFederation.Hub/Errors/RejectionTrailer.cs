using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Errors;

/// <summary>The "hst-rejection-bin" trailer carrying a serialized RejectionDetail (hub.proto).</summary>
public static class RejectionTrailer
{
    public const string Key = "hst-rejection-bin";

    public static RpcException ToRpcException(StatusCode status, RejectionDetail detail)
    {
        var trailers = new Metadata { { Key, detail.ToByteArray() } };
        return new RpcException(new Status(status, Message(detail)), trailers);
    }

    /// <summary>
    /// Answers a call refused before its handler read its request as gRPC answers one (trailers-only), with the status,
    /// message and trailer <see cref="ToRpcException"/> gives a refusal inside the call: the client sees the same RpcException.
    /// </summary>
    public static void WriteTrailersOnly(Microsoft.AspNetCore.Http.HttpResponse response, StatusCode status, RejectionDetail detail) =>
        GrpcTrailersOnly.Write(response, (int)status, Message(detail), Key, detail.ToByteArray());

    private static string Message(RejectionDetail detail) => $"{detail.Reason}: {detail.Detail} (correlation id {detail.CorrelationId})";

    /// <summary>For clients: the rejection detail of a refused call, if the hub sent one.</summary>
    public static RejectionDetail? Read(RpcException exception)
    {
        var entry = exception.Trailers.Get(Key);
        return entry is { IsBinary: true } ? RejectionDetail.Parser.ParseFrom(entry.ValueBytes) : null;
    }
}
