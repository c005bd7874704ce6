namespace HstFederation.Hub.Storage;

/// <summary>The source's answer to a retention review, stored in <c>retention_reviews.decision</c>; never renumber.</summary>
internal enum RetentionDecision
{
    /// <summary>An extension order moved the date.</summary>
    Extended = 1,

    /// <summary>A lapse order: the message goes at its date.</summary>
    Lapsed = 2,
}
