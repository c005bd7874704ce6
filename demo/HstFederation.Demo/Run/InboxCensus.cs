using HstFederation.Demo.Federation;
using HstFederation.Demo.Federation.Cli;

namespace HstFederation.Demo.Run;

/// <summary>Reads the inboxes (<c>hst-node inbox</c>) of the given nodes and records which of them stored each message.</summary>
internal static class InboxCensus
{
    public static async Task TakeAsync(IEnumerable<PartyCli> nodes, IReadOnlyList<SentMessage> messages, DateTimeOffset since, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            var inbox = await node.RunAsync<InboxOutput>(["inbox", "--since", since.ToString("O"), "--limit", "1000"], cancellationToken);
            foreach (var message in messages)
            {
                if (inbox.Messages.FirstOrDefault(m => m.MessageId == message.MessageId) is { } stored)
                {
                    message.StoredMs[node.Member] = message.MsAfterQueued(stored.ReceivedAt);
                }
            }
        }
    }
}
