using System.ComponentModel.DataAnnotations;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Section "Hub:Products": the schedule of analytical products (docs/hub.md). On-demand runs
/// (`hst-hub products run`) are served whatever <see cref="Enabled"/> says. Validated at start.
/// </summary>
public sealed class ProductOptions
{
    public const string Section = "Hub:Products";

    /// <summary>Scheduled production. Off by default: `./hst up` and `init --dev-pki`'s serve line turn it on for the dev federation.</summary>
    public bool Enabled { get; set; }

    /// <summary>The kinds the schedule produces, comma-separated: "corridor", "network" or both.</summary>
    [Required]
    public string Kinds { get; set; } = "corridor,network";

    /// <summary>How often each kind is produced.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The period each scheduled product covers, ending when it is produced.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How soon the running hub picks up a run an operator asked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestPoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><see cref="Kinds"/> parsed (validated at start, so never empty when the schedule is on).</summary>
    internal IReadOnlyList<ProductKind> ScheduledKinds { get; set; } = [ProductKind.Corridor, ProductKind.Network];

    /// <summary>"corridor" or "network" (any case), or null.</summary>
    internal static ProductKind? ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "corridor" => ProductKind.Corridor,
        "network" => ProductKind.Network,
        _ => null,
    };
}
