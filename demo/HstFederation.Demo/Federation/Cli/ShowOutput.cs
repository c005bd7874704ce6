using System.Text.Json;

namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node show ID --json</c>: one message with the hub's acceptance and each addressee's delivery receipt.</summary>
internal sealed record ShowOutput(string MessageId, ShowOutput.Sent? Outbox, IReadOnlyList<ShowOutput.Received> Inbox)
{
    internal sealed record Sent(
        DateTimeOffset QueuedAt, string State, DateTimeOffset StateAt, long? HubSequence, string? RejectReason, string? RejectDetail,
        IReadOnlyList<Addressee> Addressees);

    /// <summary>DeliveredAt: when this node stored the addressee's signed delivery receipt; null while none came.</summary>
    internal sealed record Addressee(string Party, DateTimeOffset? DeliveredAt);

    internal sealed record Received(string Sender, DateTimeOffset ReceivedAt, JsonElement? Content);
}
