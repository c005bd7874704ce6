using Google.Protobuf;
using Grpc.Core;
using HstFederation.DevPki;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Security;

/// <summary>
/// The hub's CRL going stale under a connection opened while it was fresh: the hub's problem, so the caller is told to
/// retry (Unavailable, TrustDataStale), not that its certificate is bad (Unauthenticated, which a node takes as final).
/// </summary>
public sealed class StaleRevocationListTests : IAsyncLifetime
{
    private static readonly TimeSpan CrlValidity = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private HubServer _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await HubServer.StartAsync(_time, prepare: ShortLivedCrl, extraArgs: "--Hub:RevocationGrace=00:00:00");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Submit_OnAnOpenConnectionOnceTheHubsCrlIsStale_IsUnavailableWithTrustDataStaleAndRetryAfter()
    {
        var fr = _hub.Client("FR");
        Assert.NotNull(await fr.GetDirectoryAsync(new GetDirectoryRequest()));

        _time.Advance(CrlValidity + TimeSpan.FromMinutes(1));
        var envelope = Envelopes.Seal(_hub, "FR", ["DE"], clock: _time);
        var error = await Assert.ThrowsAsync<RpcException>(() => fr.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var detail = RejectionTrailer.Read(error)!;
        Assert.Equal(RejectionReason.TrustDataStale, detail.Reason);
        Assert.True(detail.RetryAfterMs > 0);
        Assert.Empty(await _hub.Services.GetRequiredService<HubStore>().ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    private void ShortLivedCrl(DevelopmentFederation federation, string directory)
    {
        var now = _time.GetUtcNow();
        var crl = federation.Pki.IssueCrl(now.AddMinutes(-1), now + CrlValidity);
        File.WriteAllText(FederationLayout.RevocationList(directory), crl.Pem);
    }
}
