using Grpc.Core;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Security;

/// <summary>A member revoked while the hub runs is refused from the next CRL reload on, even on an open connection.</summary>
public sealed class RevocationRefreshTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: "--Hub:RevocationListRefresh=00:00:01");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Call_AfterTheMembersCertificateIsRevokedAndTheCrlReloaded_IsRefused()
    {
        var de = _hub.Client("DE");
        Assert.NotNull(await de.GetDirectoryAsync(new GetDirectoryRequest()));

        var pki = _hub.Federation.Pki;
        pki.Revoke(_hub.Federation.Members["DE"], DateTimeOffset.UtcNow.AddSeconds(-1));
        var crl = pki.IssueCrl(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(7));
        await File.WriteAllTextAsync(Path.Combine(_hub.Directory, "federation.crl.pem"), crl.Pem);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await de.GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: deadline.Token);
                await Task.Delay(100, deadline.Token);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.Unavailable)
            {
                break;
            }
        }

        Assert.NotNull(await _hub.Client("FR").GetDirectoryAsync(new GetDirectoryRequest()));
    }
}
