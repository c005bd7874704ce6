using System.ComponentModel.DataAnnotations;
using HstFederation.Protocol.Lifecycle;

namespace HstFederation.Hub.Retention;

/// <summary>
/// Section "Hub:Retention": the hub's retention schedule (docs/lifecycle.md §5, docs/hub.md#retention). Validated at start.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Hub:Retention";

    /// <summary>
    /// The schedule that asks sources for reviews and expires messages at their date. On by default: retention is a
    /// legal duty, not an option; only tests that drive <see cref="RetentionWorker.RunOnceAsync"/> themselves turn it off.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest the schedule sleeps between turns (it also wakes when the next review or expiry is due).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before the retention date the source is asked to review: six months (<see cref="LifecycleRules.ReviewLeadTime"/>).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "730.00:00:00")]
    public TimeSpan ReviewLeadTime { get; set; } = LifecycleRules.ReviewLeadTime;

    /// <summary>How many days ahead `hst-hub status` lists upcoming expiries unless --days says otherwise.</summary>
    [Range(1, 3650)]
    public int StatusDays { get; set; } = 30;
}
