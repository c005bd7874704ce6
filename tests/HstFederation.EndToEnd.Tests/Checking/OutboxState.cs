namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>The node's outbox states (table outbox, column state).</summary>
internal enum OutboxState
{
    Queued = 1,
    Accepted = 2,
    Rejected = 3,
}
