namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node update ID --json</c>: the new version, queued in the outbox like any message.</summary>
internal sealed record UpdateOutput(string MessageId, long LocalId, int Version, string Supersedes);

/// <summary><c>hst-node restrict|recall ID --json</c>: the signed orders queued, one per version of the case.</summary>
internal sealed record OrdersOutput(IReadOnlyList<OrdersOutput.Order> Orders)
{
    internal sealed record Order(string OrderId, string MessageId, string Action);
}

/// <summary><c>hst-node ledger ID --json</c>: only the parts the demo reads (docs/node.md#ledger-and-lifecycle-status).</summary>
internal sealed record LedgerOutput(string MessageId, LedgerOutput.SentPart? Sent, IReadOnlyList<LedgerOutput.Copy> Received)
{
    internal sealed record SentPart(IReadOnlyList<Order> Orders);

    internal sealed record Order(string OrderId, string Action, string State, IReadOnlyList<Holder> Holders);

    internal sealed record Holder(string Party, string? Outcome, DateTimeOffset? ConfirmedAt);

    internal sealed record Copy(string Sender, CopyLifecycle Lifecycle);

    internal sealed record CopyLifecycle(int Version, string? Supersedes, string? SupersededBy, DateTimeOffset? PurgedAt, string? PurgeCause);
}

/// <summary><c>hst-node status --json</c>: only the lifecycle part the demo reads.</summary>
internal sealed record StatusOutput(StatusOutput.LifecyclePart Lifecycle)
{
    internal sealed record LifecyclePart(Outstanding OutstandingConfirmations);

    internal sealed record Outstanding(int Count, IReadOnlyList<Item> Items);

    internal sealed record Item(string OrderId, string MessageId, string Action, string Holder);
}
