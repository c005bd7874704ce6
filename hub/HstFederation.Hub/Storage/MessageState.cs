namespace HstFederation.Hub.Storage;

/// <summary>A message's lifecycle state, stored in <c>message_lifecycle.state</c>; never renumber.</summary>
internal enum MessageState
{
    Active = 1,

    /// <summary>Its source recalled it: the hub's copies are purged, a tombstone remains.</summary>
    Recalled = 2,

    /// <summary>Its retention date passed: the hub's copies are purged, a tombstone remains.</summary>
    Expired = 3,
}
