using Google.Protobuf;
using Grpc.Core;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Errors;

/// <summary>The "hst-rejection-bin" trailer carrying a serialized RejectionDetail (hub.proto).</summary>
public static class RejectionTrailer
{
    public const string Key = "hst-rejection-bin";

    public static RpcException ToRpcException(StatusCode status, RejectionDetail detail)
    {
        var trailers = new Metadata { { Key, detail.ToByteArray() } };
        return new RpcException(new Status(status, $"{detail.Reason}: {detail.Detail} (correlation id {detail.CorrelationId})"), trailers);
    }

    /// <summary>For clients: the rejection detail of a refused call, if the hub sent one.</summary>
    public static RejectionDetail? Read(RpcException exception)
    {
        var entry = exception.Trailers.Get(Key);
        return entry is { IsBinary: true } ? RejectionDetail.Parser.ParseFrom(entry.ValueBytes) : null;
    }
}
