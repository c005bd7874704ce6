namespace HstFederation.Node.Agency;

/// <summary>What an RPC needs beyond a registered, enabled agency (reads are then filtered by the read scope).</summary>
internal enum AgencyRight
{
    /// <summary>Any registered, enabled agency; what it gets back is limited to its read scope.</summary>
    Read,

    /// <summary>may_submit.</summary>
    Submit,

    /// <summary>may_search (and results limited to its read scope).</summary>
    Search,

    /// <summary>may_release (and only hits on messages inside its read scope or its own).</summary>
    Release,
}
