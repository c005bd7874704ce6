using Grpc.Core;
using HstFederation.Benchmarks.V1;

namespace HstFederation.Benchmarks;

/// <summary>The round-trip primitive: answers with the request's payload, nothing else (no checks, no crypto beyond TLS).</summary>
internal sealed class NodeSendEchoService : NodeSendEcho.NodeSendEchoBase
{
    public override Task<Payload> Echo(Payload request, ServerCallContext context) => Task.FromResult(request);
}
