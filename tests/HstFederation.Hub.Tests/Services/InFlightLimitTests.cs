using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Services;

/// <summary>THREATS row 16: one member cannot have more than its share of envelopes inside the hub at once.</summary>
public sealed class InFlightLimitTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: "--Hub:MaxSubmitsInFlightPerMember=1");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Submit_ManyAtOnceFromOneMember_SomeAreTurnedAwayWithRetryAfter()
    {
        var envelopes = Enumerable.Range(1, 24).Select(i => Envelopes.Seal(_hub, "FR", ["DE"], (ulong)i)).ToList();
        var client = _hub.Client("FR");

        var outcomes = await Task.WhenAll(envelopes.Select(async envelope =>
        {
            try
            {
                await client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });
                return (Accepted: true, Detail: (RejectionDetail?)null);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return (Accepted: false, Detail: RejectionTrailer.Read(e));
            }
        }));

        var refused = outcomes.Where(o => !o.Accepted).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, o => Assert.True(o.Detail!.Reason == RejectionReason.RateLimited && o.Detail.RetryAfterMs > 0));
        Assert.Contains(outcomes, o => o.Accepted);
    }
}
