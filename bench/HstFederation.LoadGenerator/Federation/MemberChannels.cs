using Grpc.Net.Client;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>
/// One gRPC channel per simulated member, each with that member's TLS client certificate (so its own TLS
/// connections), created as a node creates its channel to the hub: <see cref="FederationChannels"/>, TLS 1.3,
/// the server accepted only with the hub's federation certificate. The baseline server presents that same
/// certificate, so the baselines run over exactly the same client setup.
/// </summary>
internal sealed class MemberChannels(BenchFederation federation, Uri address) : IDisposable
{
    private readonly Dictionary<int, GrpcChannel> _channels = [];
    private readonly Lock _gate = new();

    public GrpcChannel For(int member)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(member, out var channel))
            {
                channel = FederationChannels.Create(address, federation.Members[member].TlsCertificate, federation.Trust, PartyId.Hub);
                _channels.Add(member, channel);
            }

            return channel;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }

            _channels.Clear();
        }
    }
}
