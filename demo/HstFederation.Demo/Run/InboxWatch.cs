using System.Threading.Channels;
using Grpc.Core;
using HstFederation.Protocol.V1;

namespace HstFederation.Demo.Run;

/// <summary>
/// An agency's <c>WatchInbox</c> stream, read in the background from a position on, so the demo can wait for one
/// message to arrive the way an agency's system would: pushed by the node once stored, no polling.
/// </summary>
internal sealed class InboxWatch : IAsyncDisposable
{
    private readonly Channel<AgencyMessage> _arrived = Channel.CreateUnbounded<AgencyMessage>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public InboxWatch(AgencyGateway.AgencyGatewayClient client, ulong afterPosition)
    {
        AfterPosition = afterPosition;
        _reader = ReadAsync(client, afterPosition);
    }

    public ulong AfterPosition { get; }

    /// <summary>The first streamed message with this id, or null when the deadline passes first.</summary>
    public async Task<AgencyMessage?> WaitForAsync(string messageId, TimeSpan deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await foreach (var message in _arrived.Reader.ReadAllAsync(linked.Token))
            {
                if (message.Summary.MessageId == messageId)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return null; // the stream ended (the node refused or went away): nothing more will come
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _stop.Dispose();
    }

    private async Task ReadAsync(AgencyGateway.AgencyGatewayClient client, ulong afterPosition)
    {
        try
        {
            using var call = client.WatchInbox(new AgencyWatchInboxRequest { AfterPosition = afterPosition }, cancellationToken: _stop.Token);
            await foreach (var message in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                await _arrived.Writer.WriteAsync(message, _stop.Token);
            }

            _arrived.Writer.TryComplete();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException)
        {
            _arrived.Writer.TryComplete(_stop.IsCancellationRequested ? null : e);
        }
    }
}
