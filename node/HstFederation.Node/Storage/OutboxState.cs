namespace HstFederation.Node.Storage;

/// <summary>Where an outbox message stands with the hub (stored as the integer value).</summary>
internal enum OutboxState
{
    /// <summary>Durable locally; not yet accepted by the hub.</summary>
    Queued = 1,

    /// <summary>The hub accepted it and returned a signed acceptance receipt.</summary>
    Accepted = 2,

    /// <summary>The hub refused it; the reason and detail are kept and shown.</summary>
    Rejected = 3,
}
