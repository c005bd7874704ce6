using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Lifecycle;

/// <summary>
/// A recall reason in the words `hst-node recall --reason` takes, so the node's and the hub's ledgers name a reason the
/// way the operator gave it, and the command reads it from the same table (one table both ways, not one per program).
/// </summary>
public static class RecallReasons
{
    private static readonly (RecallReason Reason, string Words)[] Table =
    [
        (RecallReason.Inaccurate, "inaccurate"),
        (RecallReason.LegalOrder, "legal-order"),
        (RecallReason.Protection, "protection"),
        (RecallReason.SentInError, "sent-in-error"),
        (RecallReason.Other, "other"),
    ];

    /// <summary>"inaccurate, legal-order, protection, sent-in-error or other".</summary>
    public static string Choices { get; } = string.Join(", ", Table[..^1].Select(t => t.Words)) + " or " + Table[^1].Words;

    public static string Words(RecallReason reason) =>
        Array.Find(Table, t => t.Reason == reason).Words ?? "unspecified";

    /// <summary>The reason <paramref name="words"/> names, in either case; false for anything else ("unspecified" included).</summary>
    public static bool TryParse(string words, out RecallReason reason)
    {
        var found = Array.FindIndex(Table, t => string.Equals(t.Words, words, StringComparison.OrdinalIgnoreCase));
        reason = found < 0 ? RecallReason.Unspecified : Table[found].Reason;
        return found >= 0;
    }
}
