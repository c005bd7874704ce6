namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node outbox --json</c>: what the NCB sent, its state and who returned a signed delivery receipt.</summary>
internal sealed record OutboxOutput(IReadOnlyList<OutboxOutput.Item> Messages)
{
    internal sealed record Item(string MessageId, string State, IReadOnlyList<string> Addressees, IReadOnlyList<string> DeliveredTo, string? RejectReason);
}
