using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.HubLink;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Answers every Submit of a node as a hub refusing it SEQUENCE_REUSED would, naming <paramref name="highest"/> as the
/// highest sequence accepted from the sender (0: a hub of a release before that field); the call never reaches the hub.
/// Every other call goes through. Counts the Submits and keeps the sequence of each envelope. After
/// <see cref="MaxRefusals"/> of them it refuses with a bare PermissionDenied instead, so that a node that would submit
/// for ever ends the test with that refusal rather than hang it.
/// </summary>
internal sealed class ForgedSequenceReused(ulong highest) : Interceptor
{
    public const int MaxRefusals = 10;

    private volatile bool _refusing = true;

    private readonly List<ulong> _sequences = [];

    /// <summary>Names the refused envelope's own sequence as the highest (a hub that holds every number the node tries: another node with its credentials).</summary>
    public bool NamesTheRefusedNumber { get; init; }

    /// <summary>
    /// While false, Submits fail UNAVAILABLE before any hub, uncounted, as <see cref="SubmitFault.BeforeTheHub"/>: the
    /// message stays sealed and unanswered (e.g. for a recall to wait on it).
    /// </summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>The header sequence of each envelope submitted, in order.</summary>
    public IReadOnlyList<ulong> Sequences
    {
        get
        {
            lock (_sequences)
            {
                return [.. _sequences];
            }
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is not SubmitRequest submit)
        {
            return continuation(request, context);
        }

        if (!_refusing)
        {
            var lost = new Status(StatusCode.Unavailable, "test: no hub");
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(lost)), Task.FromResult(new Metadata()), () => lost, () => [], () => { });
        }

        var header = EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(submit.Envelope).Header);
        int count;
        lock (_sequences)
        {
            _sequences.Add(header.Sequence);
            count = _sequences.Count;
        }

        if (count > MaxRefusals)
        {
            var enough = new Status(StatusCode.PermissionDenied, "test: submitted too many times");
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(enough)), Task.FromResult(new Metadata()), () => enough, () => [], () => { });
        }

        var detail = new RejectionDetail
        {
            Reason = RejectionReason.SequenceReused, Detail = "this sequence number was already used by another message of this sender",
            CorrelationId = "forged", HighestAcceptedSequence = NamesTheRefusedNumber ? header.Sequence : highest,
        };
        var status = new Status(StatusCode.InvalidArgument, "SequenceReused");
        var trailers = new Metadata { { HubRejections.TrailerKey, detail.ToByteArray() } };
        return new AsyncUnaryCall<TResponse>(
            Task.FromException<TResponse>(new RpcException(status, trailers)), Task.FromResult(new Metadata()), () => status, () => trailers, () => { });
    }
}
