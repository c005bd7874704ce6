using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Compression;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Services;

/// <summary>THREATS rows 16, 17, 30: limits answer ResourceExhausted with a retry-after, and only the offender is limited.</summary>
public sealed class BackpressureTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(
        extraArgs: ["--Hub:SubmitRatePerSecond=1", "--Hub:SubmitBurst=2", "--Hub:MaxStreamsPerMember=1"]);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Submit_OverTheMembersRate_IsResourceExhaustedWithRetryAfterAndOthersAreServed()
    {
        RpcException? limited = null;
        for (ulong sequence = 1; sequence <= 5 && limited is null; sequence++)
        {
            try
            {
                await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence)) });
            }
            catch (RpcException e)
            {
                limited = e;
            }
        }

        Assert.NotNull(limited);
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        var detail = RejectionTrailer.Read(limited)!;
        Assert.Equal(RejectionReason.RateLimited, detail.Reason);
        Assert.True(detail.RetryAfterMs > 0);
        Assert.NotNull(await _hub.Client("DE").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "DE", ["FR"])) }));
    }

    [Fact]
    public async Task Subscribe_MoreStreamsThanAllowed_IsResourceExhaustedWhileTheFirstKeepsWorking()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var first = _hub.Client("IT").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["IT"])) });
        Assert.True(await first.ResponseStream.MoveNext(cancel.Token));

        using var second = _hub.Client("IT").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        var error = await Assert.ThrowsAsync<RpcException>(() => second.ResponseStream.MoveNext(cancel.Token));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(RejectionReason.RateLimited, RejectionTrailer.Read(error)!.Reason);
    }

    [Fact]
    public async Task Submit_LargerThanTheEnvelopeLimit_IsResourceExhausted()
    {
        var oversized = new byte[5 * 1024 * 1024];

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("ES").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(oversized) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Submit_EnvelopeJustOverItsLimit_IsSizeLimitExceededWithAReasonAndAudited()
    {
        var overLimit = new byte[Protocol.Envelope.EnvelopeLimits.Default.MaxEnvelopeBytes + 1];

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("ES").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(overLimit) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(RejectionReason.SizeLimitExceeded, RejectionTrailer.Read(error)!.Reason);
        var stats = await _hub.Services.GetRequiredService<global::HstFederation.Hub.Storage.HubStore>().StatsAsync();
        Assert.Equal(1, stats.RejectionsByReason[RejectionReason.SizeLimitExceeded]);
    }

    [Fact]
    public async Task Submit_CompressedRequest_IsRefusedWithoutDecompressingAndTheHubKeepsServing()
    {
        // 4 MiB of zeros gzip to a few KiB: a bomb if the hub inflated it.
        var options = new GrpcChannelOptions { CompressionProviders = [new GzipCompressionProvider(System.IO.Compression.CompressionLevel.Fastest)] };
        using var channel = FederationChannels.Create(_hub.Address, _hub.TlsCertificate("ES"), _hub.Trust, PartyId.Hub, options);
        var client = new Protocol.V1.Hub.HubClient(channel);
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(new byte[4 * 1024 * 1024]) }, headers).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.NotNull(await _hub.Client("ES").GetDirectoryAsync(new GetDirectoryRequest()));
    }
}
