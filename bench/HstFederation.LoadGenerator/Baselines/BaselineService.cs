using Google.Protobuf;
using Grpc.Core;
using HstFederation.LoadGenerator.Baselines.V1;

namespace HstFederation.LoadGenerator.Baselines;

/// <summary>The baseline's RPCs: nothing but gRPC — no checks, no store, no crypto beyond TLS.</summary>
internal sealed class BaselineService : Baseline.BaselineBase
{
    public override Task<Payload> Echo(Payload request, ServerCallContext context) => Task.FromResult(request);

    public override async Task Stream(StreamRequest request, IServerStreamWriter<Payload> responseStream, ServerCallContext context)
    {
        // One payload object written again and again: what a stream costs, not what building messages costs.
        var payload = new Payload { Data = UnsafeByteOperations.UnsafeWrap(new byte[request.Size]) };
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(payload, context.CancellationToken);
        }
    }
}
