using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// A hub that answers Release for something other than the message asked about is not believed; naming what it answered
/// must not throw either (an id of the wrong size made the formatting throw out of `hits release` and the agency call).
/// </summary>
public sealed class HostileReleaseAnswerTests : HubLinkTestBase
{
    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public async Task Release_AnsweredWithAMessageIdOfTheWrongSize_IsAnInvalidAnswer_NotAnException(int idBytes)
    {
        await using var it = TestNode.Create(Hub, "IT", interceptor: new ReleaseAnswers(new byte[idBytes]));
        var sent = await it.EnqueueAsync("DE");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        await Hub.SendAsHubAsync("IT", HubProducts.Hit("IT", sent.MessageId, "DE"));
        it.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(it.Count("SELECT COUNT(*) FROM hits;") == 1), "IT stores the hit");
        var hit = Assert.Single((await it.Store.ListHitsAsync(null, 10)).Items);

        var outcome = await new HitReleaser(it.Store, it.Connection, it.Credentials, TimeProvider.System, NullLogger.Instance)
            .ReleaseAsync(hit, "operator:test", CancellationToken.None);

        Assert.Equal((ReleaseResult.Unavailable, ReleaseReasons.InvalidAnswer), (outcome.Result, outcome.Reason));
        Assert.Contains($"a message_id of {idBytes} bytes, not a message id", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(ReleaseState.None, Assert.Single((await it.Store.ListHitsAsync(null, 10)).Items).Release.State);
    }

    /// <summary>Answers every Release itself, "released", naming <paramref name="messageId"/>.</summary>
    private sealed class ReleaseAnswers(byte[] messageId) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is not ReleaseRequest)
            {
                return continuation(request, context);
            }

            var response = new ReleaseResponse { MessageId = ByteString.CopyFrom(messageId), ReleasedTo = "urn:hst:member:DE" };
            return new AsyncUnaryCall<TResponse>(
                Task.FromResult((TResponse)(object)response), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }
    }
}
