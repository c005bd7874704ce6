using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.LoadGenerator.Load;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Load;

/// <summary>Which failed submissions the load generator sends again (resubmitting a sealed envelope is idempotent at the hub).</summary>
public sealed class SubmitRetryTests
{
    [Theory]
    [InlineData(StatusCode.Internal, "Error starting gRPC call. HttpRequestException: The HTTP/2 server closed the connection. HTTP/2 error code 'STREAM_CLOSED' (0x5).")]
    [InlineData(StatusCode.Unavailable, "Error starting gRPC call. HttpRequestException: Connection reset by peer")]
    [InlineData(StatusCode.Unavailable, "")]
    [InlineData(StatusCode.Unknown, "The response ended prematurely.")]
    // What a subscriber met when the hub was killed or stopped under it (SubscriberResumeTests): the connection dropped, the
    // hub's own "stopping" status (no hub reason: resuming from the cursor is what it asks for), and reconnecting meanwhile.
    [InlineData(StatusCode.Unavailable, "Error reading next message. HttpIOException: The response ended prematurely while waiting for the next frame from the server. (ResponseEnded)")]
    [InlineData(StatusCode.Unavailable, "The hub is stopping; subscribe again from your cursor.")]
    [InlineData(StatusCode.Unavailable, "Error connecting to subchannel.")]
    public void TransportFailure_WithoutAHubReason_IsRetriedUnderTheTransportLabel(StatusCode status, string detail)
    {
        var label = SubmitRetry.Classify(new RpcException(new Status(status, detail)));

        Assert.Equal($"{status}/{SubmitRetry.TransportLabel}", label);
    }

    [Fact]
    public void InternalWhoseCauseIsAnIOException_IsRetriedUnderTheTransportLabel()
    {
        var cause = new HttpRequestException("send failed", new IOException("pipe"));

        Assert.Equal("Internal/transport", SubmitRetry.Classify(new RpcException(new Status(StatusCode.Internal, "Bad gRPC response.", cause))));
    }

    [Theory]
    [InlineData(StatusCode.ResourceExhausted, RejectionReason.RateLimited)]
    [InlineData(StatusCode.Unavailable, RejectionReason.Unavailable)]
    public void HubRetriableRefusal_IsRetriedUnderItsReason(StatusCode status, RejectionReason reason)
    {
        var refusal = RejectionTrailer.ToRpcException(status, new RejectionDetail { Reason = reason, RetryAfterMs = 5 });

        Assert.Equal($"{status}/{reason}", SubmitRetry.Classify(refusal));
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument, RejectionReason.MalformedEnvelope)]
    [InlineData(StatusCode.Internal, RejectionReason.Internal)]
    [InlineData(StatusCode.PermissionDenied, RejectionReason.PermissionDenied)]
    public void HubRefusalOfTheEnvelope_IsNotRetried(StatusCode status, RejectionReason reason)
    {
        var refusal = RejectionTrailer.ToRpcException(status, new RejectionDetail { Reason = reason });

        Assert.Null(SubmitRetry.Classify(refusal));
    }

    [Theory]
    [InlineData(StatusCode.Internal, "Exception was thrown by handler.")]
    [InlineData(StatusCode.InvalidArgument, "")]
    [InlineData(StatusCode.DeadlineExceeded, "Deadline Exceeded")]
    public void NonTransportErrorWithoutAHubReason_IsNotRetried(StatusCode status, string detail) =>
        Assert.Null(SubmitRetry.Classify(new RpcException(new Status(status, detail))));
}
