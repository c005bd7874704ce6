namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node inbox --json</c>: what the node received, verified and stored.</summary>
internal sealed record InboxOutput(IReadOnlyList<InboxOutput.Item> Messages)
{
    internal sealed record Item(string MessageId, string Sender, DateTimeOffset ReceivedAt);
}
