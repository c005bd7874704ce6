namespace HstFederation.Hub.Storage;

/// <summary>
/// Accepted and Duplicate both answer OK with the stored receipt (SubmitResponse.duplicate tells them
/// apart); Rejected answers with <see cref="AcceptOutcome.Reason"/>.
/// </summary>
internal enum AcceptStatus
{
    /// <summary>Newly stored; the receipt was signed for this acceptance.</summary>
    Accepted = 1,

    /// <summary>The same envelope was accepted before; the receipt is the original one, byte for byte.</summary>
    Duplicate = 2,

    /// <summary>Refused; nothing stored but the audit entry.</summary>
    Rejected = 3,
}
