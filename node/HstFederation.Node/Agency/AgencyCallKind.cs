namespace HstFederation.Node.Agency;

/// <summary>What an agency call holds of its limits (<see cref="AgencyCallLimiter"/>): every call a call slot, and some more.</summary>
internal enum AgencyCallKind
{
    Call,

    /// <summary>A WatchInbox stream: also a stream slot, for as long as it stays open.</summary>
    Stream,

    /// <summary>A Search: also a search slot.</summary>
    Search,
}
