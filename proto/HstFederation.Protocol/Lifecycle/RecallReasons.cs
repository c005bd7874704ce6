using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Lifecycle;

/// <summary>
/// A recall reason in the words `hst-node recall --reason` takes, so the node's and the hub's ledgers name a reason the
/// way the operator gave it (one table, not one per program).
/// </summary>
public static class RecallReasons
{
    public static string Words(RecallReason reason) => reason switch
    {
        RecallReason.Inaccurate => "inaccurate",
        RecallReason.LegalOrder => "legal-order",
        RecallReason.Protection => "protection",
        RecallReason.SentInError => "sent-in-error",
        RecallReason.Other => "other",
        _ => "unspecified",
    };
}
