using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>One row of <c>product_runs</c>: pending while <see cref="CompletedAtMs"/> is null.</summary>
/// <param name="Recipients">The members it is for, or null for the NCBs concerned.</param>
internal sealed record ProductRunRecord(
    long RunId,
    ProductKind Kind,
    ProductOrigin Origin,
    long PeriodStartMs,
    long PeriodEndMs,
    IReadOnlyList<PartyId>? Recipients,
    long RequestedAtMs,
    string RequestedBy,
    long? CompletedAtMs,
    long? Products,
    string? Outcome);
