using HstFederation.Demo.Federation;
using HstFederation.Protocol.V1;

namespace HstFederation.Demo.Run;

/// <summary>
/// DE's Bundeskriminalamt's case system as the demo plays it: its connection to the node's agency API and the inbox
/// watch it keeps open from the newest message it can already read, so the watch shows only what this run brings.
/// </summary>
internal sealed class AgencyDesk : IAsyncDisposable
{
    private readonly AgencyConnection _connection;

    private AgencyDesk(AgencyConnection connection, ulong afterPosition)
    {
        _connection = connection;
        Watch = new InboxWatch(connection.Client, afterPosition);
    }

    public AgencyGateway.AgencyGatewayClient Client => _connection.Client;

    public InboxWatch Watch { get; }

    public static async Task<AgencyDesk> OpenAsync(NodeParty node, AgencyCredentials credentials, CancellationToken cancellationToken)
    {
        AgencyConnection? connection = new(node, credentials);
        try
        {
            var newest = await connection.Client.ListInboxAsync(new AgencyListRequest { PageSize = 1 }, cancellationToken: cancellationToken);
            var desk = new AgencyDesk(connection, newest.Messages.Count == 0 ? 0 : newest.Messages[0].InboxPosition);
            connection = null;
            return desk;
        }
        finally
        {
            connection?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Watch.DisposeAsync();
        _connection.Dispose();
    }
}
