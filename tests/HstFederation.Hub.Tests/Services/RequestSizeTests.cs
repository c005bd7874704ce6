using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Intake;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intake;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Crypto;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Samples;

namespace HstFederation.Hub.Tests.Services;

/// <summary>
/// THREATS 16 at the transport: the hub reads every valid request, however large, and refuses a larger one with its
/// reason (a node retries a ResourceExhausted without SizeLimitExceeded as backpressure).
/// </summary>
public sealed class RequestSizeTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Submit_RequestOneByteOverTheLimit_IsResourceExhaustedWithSizeLimitExceededAndACorrelationId()
    {
        var limit = RequestLimits.MaxRequestBytes;
        var envelopeBytes = limit + 1 - 1 - CodedOutputStream.ComputeLengthSize(limit);
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(new byte[envelopeBytes]) };
        Assert.Equal(limit + 1, request.CalculateSize());

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("FR").SubmitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var detail = RejectionTrailer.Read(error);
        Assert.NotNull(detail);
        Assert.Equal(RejectionReason.SizeLimitExceeded, detail.Reason);
        Assert.False(string.IsNullOrEmpty(detail.CorrelationId));
    }

    [Fact]
    public async Task Submit_ValidEnvelopeBesideTheMostTokensAllowed_IsAccepted()
    {
        var message = SampleMessages.Realistic(TimeProvider.System.GetUtcNow());
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        var envelope = new EnvelopeForge(new DeterministicRandomSource("large"))
        {
            Message = message,
            Signer = _hub.Credentials("FR"),
            Recipients = [_hub.Credentials("DE").Encryption],
            CreatedAt = TimeProvider.System.GetUtcNow(),
            MutatePlaintext = plaintext => [.. plaintext, .. new byte[1024 * 1024]],
        }.Build();
        var request = MaximalRequests.WithMostTokens(envelope);
        Assert.True(request.CalculateSize() > Protocol.Envelope.EnvelopeLimits.Default.MaxEnvelopeBytes + 65536);

        var response = await _hub.Client("FR").SubmitAsync(request);

        Assert.False(response.Duplicate);
    }

    [Fact]
    public async Task Submit_RequestOfTheLargestValidSize_IsReadAndJudgedOnItsContentNotRefusedForSize()
    {
        var request = MaximalRequests.WithMostTokens(new byte[Protocol.Envelope.EnvelopeLimits.Default.MaxEnvelopeBytes]);

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("FR").SubmitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.MalformedEnvelope, RejectionTrailer.Read(error)!.Reason);
    }
}
