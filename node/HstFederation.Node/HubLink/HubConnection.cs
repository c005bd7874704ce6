using System.Security.Cryptography.X509Certificates;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Transport;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// The node's mutual-TLS channel to the hub (only a server certified to the hub party is accepted).
/// Created on first use; <see cref="Reset"/> drops a channel that failed so the next call builds a new one.
/// The channel is shared (sender, subscriber, directory cache): dropping it ends the others' calls on it too,
/// with an RpcException or an ObjectDisposedException, and each caller treats both as a transport failure.
/// </summary>
/// <param name="interceptor">Sees every call to the hub (tests count them); none in production.</param>
internal sealed class HubConnection(Uri address, X509Certificate2 tlsCertificate, FederationTrust trust, Interceptor? interceptor = null) : IDisposable
{
    private readonly Lock _gate = new();
    private GrpcChannel? _channel;
    private Hub.HubClient? _client;

    public Hub.HubClient Client
    {
        get
        {
            lock (_gate)
            {
                if (_client is null)
                {
                    _channel = FederationChannels.Create(address, tlsCertificate, trust, PartyId.Hub);
                    _client = interceptor is null ? new Hub.HubClient(_channel) : new Hub.HubClient(_channel.Intercept(interceptor));
                }

                return _client;
            }
        }
    }

    /// <summary>Drops <paramref name="failed"/>'s channel if it is still the current one.</summary>
    public void Reset(Hub.HubClient failed)
    {
        GrpcChannel? old = null;
        lock (_gate)
        {
            if (ReferenceEquals(failed, _client))
            {
                old = _channel;
                _channel = null;
                _client = null;
            }
        }

        old?.Dispose();
    }

    /// <summary>
    /// After a retriable failure of a call on <paramref name="client"/>: a failure without the hub's own trailer (the
    /// transport) drops the channel so the retry builds a new one; a refusal with it (e.g. its storage is full) came over
    /// a working channel, which is kept.
    /// </summary>
    public void ResetAfter(Hub.HubClient client, Grpc.Core.RpcException error, RejectionDetail? detail)
    {
        if (HubCallProblem.IsTransportFailure(error, detail))
        {
            Reset(client);
        }
    }

    /// <summary>Another part of the node dropped the shared channel under a call (<see cref="Reset"/>): retried as unavailable.</summary>
    public static Grpc.Core.RpcException ChannelClosed(ObjectDisposedException error) =>
        new(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "The channel to the hub was closed under the call.", error));

    public void Dispose()
    {
        lock (_gate)
        {
            _channel?.Dispose();
            _channel = null;
            _client = null;
        }
    }
}
