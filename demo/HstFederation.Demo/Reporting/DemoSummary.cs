using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HstFederation.Demo.Reporting;

/// <summary>
/// The <c>--json</c> summary, the only thing then printed on stdout. Field meanings are documented in
/// docs/local-federation.md ("./hst demo"): counts are per message (submitted, accepted, rejected) and per addressee
/// (delivered, receipts); hits counts the hit notifications the nodes received for step 5's two reports, releases the
/// releases the hub made, products the analytical products it sent; lifecycle counts step 6's updates, restriction and
/// recall orders, the holders' signed confirmations the source holds, and the confirmations outstanding while ES was
/// offline and at the end; <c>failed</c> names the first expectation that did not hold.
/// </summary>
internal sealed record DemoSummary(
    bool Ok,
    string Federation,
    IReadOnlyList<string> Members,
    int Submitted,
    int Accepted,
    int Rejected,
    int Delivered,
    int Receipts,
    int Hits,
    int Releases,
    int Products,
    LifecycleSummary Lifecycle,
    IReadOnlyList<MessageSummary> Messages,
    IReadOnlyList<CheckResult> Checks,
    string? Failed,
    long ElapsedMs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Read by people too: keep →, quotes and apostrophes as written (the output is never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
