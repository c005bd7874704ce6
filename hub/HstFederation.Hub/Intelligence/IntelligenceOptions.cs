using System.ComponentModel.DataAnnotations;
using HstFederation.Entities;

namespace HstFederation.Hub.Intelligence;

/// <summary>Section "Hub:Intelligence" (docs/intelligence.md §6). Validated at start with the rest of the hub's settings.</summary>
public sealed class IntelligenceOptions
{
    public const string Section = "Intelligence";

    /// <summary>Whether the worker indexes, matches and notifies. Off: blind tokens are still stored and Release still works for earlier hits.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Person score at or above which two persons match; null keeps the matcher's measured default (docs/matching.md).</summary>
    [Range(0.0, 1.0)]
    public double? PersonThreshold { get; set; }

    /// <summary>The matcher's settings these options give: hits and the network reports' merging use the same.</summary>
    public MatchingOptions Matching() => PersonThreshold is { } threshold ? new MatchingOptions { PersonThreshold = threshold } : new MatchingOptions();

    /// <summary>Messages processed per writer transaction (the marker, entities, hits and notifications of a batch commit together).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Hits reported for one new message at most, highest scores first (an identifier held by hundreds of messages, e.g. a
    /// help-line number, would otherwise flood both sides); the audit entry of each message says how many were left out.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxHitsPerMessage { get; set; } = 100;

    /// <summary>
    /// The matching key ids (MatchingTokens.key_id) Submit accepts tokens under; empty: any well-formed id. Key ids are not
    /// secret; listing them lets the hub refuse tokens under a retired key once a rotation's overlap is over.
    /// </summary>
    public List<string> MatchingKeyIds { get; set; } = [];

    /// <summary>Matched entities listed in one notification at most, highest scores first.</summary>
    [Range(1, 1000)]
    public int MaxMatchesPerHit { get; set; } = 50;
}
