using System.Globalization;
using System.Text.Json;
using HstFederation.Demo.Federation;
using HstFederation.Demo.Federation.Cli;
using HstFederation.Demo.Scenario;

namespace HstFederation.Demo.Run;

/// <summary>
/// Step 5: the General Secretariat's value added. IT (to DE) and ES (to FR) report the same recruiter under
/// different spellings with one phone written two ways; the hub matches them and notifies both sources without
/// showing either the other's content; IT releases its message to ES with its signed consent; the hub's corridor
/// report reaches the NCBs concerned.
/// </summary>
internal sealed partial class DemoRunner
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private async Task MatchAcrossCountriesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _report.Heading("5. IT (to DE) and ES (to FR) report one recruiter, spelled differently, with one phone written two ways: the hub matches them");
        await SendWithCliAsync(_italian, SharedRecruiter.Italian(now), "H2", cancellationToken);
        await FollowAsync(_italian, cancellationToken);
        await SendWithCliAsync(_spanish, SharedRecruiter.Spanish(now), "H1", cancellationToken);
        await FollowAsync(_spanish, cancellationToken);

        var italian = await WaitForHitAsync("IT", _italian, _spanish, cancellationToken);
        var spanish = await WaitForHitAsync("ES", _spanish, _italian, cancellationToken);
        foreach (var (member, hit) in new[] { ("IT", italian), ("ES", spanish) })
        {
            _report.Line($"hit        at {member}: …{hit.Short}, {string.Join(" + ", hit.Kinds)}, score {hit.Score.ToString("0.00", CultureInfo.InvariantCulture)}, "
                + $"other source {hit.OtherSender} ({(hit.OtherMessageReadable ? "readable here" : "not readable here: hit / no-hit only")}), "
                + (hit.Releasable ? "releasable by this NCB" : "not releasable by this NCB"));
        }

        foreach (var factor in Factors(italian))
        {
            _report.Line($"  why      {factor}");
        }

        // The notification ES received must say nothing of IT's message but that it exists and matched.
        var leaked = new[] { "PETROV", "Aleksandr", SharedRecruiter.ItalianReference(now), "Foggia", "Александр" }
            .Where(text => spanish.Notification.GetRawText().Contains(text, StringComparison.Ordinal))
            .ToList();
        _report.Expect(
            "hit-without-foreign-content",
            leaked.Count == 0,
            leaked.Count == 0
                ? "ES's notification holds none of IT's spellings, reference or places: only that IT holds a match, and why"
                : $"ES's notification shows IT's content: {string.Join(", ", leaked)}");

        await ReleaseAsync(italian, now, cancellationToken);
        await ProduceCorridorReportAsync(cancellationToken);
    }

    private async Task<HitsOutput.Hit> WaitForHitAsync(string member, SentMessage own, SentMessage other, CancellationToken cancellationToken) =>
        await AttemptAsync($"hit-notified-{member.ToLowerInvariant()}", async token =>
        {
            var hit = await PollAsync(async () =>
            {
                var hits = await Node(member).RunAsync<HitsOutput>(["hits", "--limit", "100"], token);
                return hits.Hits.FirstOrDefault(h => h.YourMessageId == own.MessageId && h.OtherMessageId == other.MessageId);
            }, token);
            _report.Require(
                $"hit-notified-{member.ToLowerInvariant()}",
                hit is not null,
                hit is null
                    ? $"{member} received no hit notification for its message within {_deadline.TotalSeconds:0} s"
                    : $"{member}'s node holds the hub's signed hit notification: its {own.Name} message matches {other.From}'s");
            _intelligence.Hits++;
            return hit!;
        }, cancellationToken);

    private async Task ReleaseAsync(HitsOutput.Hit hit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var released = await AttemptAsync("release-forwarded", token => Node("IT").RunAsync<ReleaseOutput>(["release", hit.HitId], token), cancellationToken);
        _report.Require(
            "release-accepted",
            released.Outcome == "released",
            released.Outcome == "released"
                ? $"IT signed its consent for ES (H2 needs it) and the hub forwarded message {released.MessageId} to {released.To}"
                : $"the hub refused IT's release: {released.Reason} {released.Detail}");
        _intelligence.Releases++;

        var arrived = await AttemptAsync("release-forwarded", token => PollAsync(async () =>
        {
            var shown = await Node("ES").RunAsync<ShowOutput>(["show", released.MessageId], token);
            return shown.Inbox.FirstOrDefault(i => i.Content is not null);
        }, token), cancellationToken);
        var reference = arrived?.Content?.GetProperty("case").GetProperty("reference").GetString();
        _report.Require(
            "release-forwarded",
            reference == SharedRecruiter.ItalianReference(now),
            arrived is null
                ? $"ES's node did not store IT's released message within {_deadline.TotalSeconds:0} s"
                : $"ES's node verified IT's signature and the hub's signed forward record, and decrypted case {reference}");
    }

    private async Task ProduceCorridorReportAsync(CancellationToken cancellationToken)
    {
        var run = await AttemptAsync(
            "corridor-report",
            token => PartyCli.Hub(_federation.Hub, _time).RunAsync<ProductRunOutput>(
                ["products", "run", "--kind", "corridor", "--days", "30", "--wait", ((int)_deadline.TotalSeconds).ToString(CultureInfo.InvariantCulture)], token),
            cancellationToken);
        _report.Require(
            "corridor-report",
            run.Run.State == "done" && run.Run.Products > 0,
            run.Run.State == "done"
                ? $"the hub built {run.Run.Products} corridor report(s), each only from what its NCB may read, and sent them signed and encrypted"
                : $"the hub has not carried out product run {run.Run.RunId} within {_deadline.TotalSeconds:0} s");
        _intelligence.Products += run.Run.Products ?? 0;

        var product = await AttemptAsync("corridor-report-at-es", token => PollAsync(async () =>
        {
            var products = await Node("ES").RunAsync<ProductsOutput>(["products", "--limit", "100"], token);
            var latest = products.Products.FirstOrDefault(p => p.Kind == "corridor" && p.ProducedAt >= _since);
            return latest is null ? null : await Node("ES").RunAsync<ProductsOutput.Shown>(["products", "show", latest.ProductId], token);
        }, token), cancellationToken);
        _report.Require(
            "corridor-report-at-es",
            product is not null,
            product is null ? "ES's node received no corridor report" : $"ES's node verified and stored the hub's corridor report: {product.Summary.Description}");
        foreach (var corridor in Corridors(product!.Product).Take(4))
        {
            _report.Line($"corridor   {corridor}");
        }
    }

    /// <summary>Polls until <paramref name="probe"/> finds something or the deadline passes (then null).</summary>
    private async Task<T?> PollAsync<T>(Func<Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (_time.GetElapsedTime(started) >= _deadline)
            {
                return null;
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    private static IEnumerable<string> Factors(HitsOutput.Hit hit)
    {
        if (!hit.Notification.TryGetProperty("matches", out var matches))
        {
            yield break;
        }

        foreach (var match in matches.EnumerateArray())
        {
            // The protobuf JSON name, MATCH_KIND_PERSON, as the node's CLI prints it: person.
            var kind = match.GetProperty("kind").GetString()!.Replace("MATCH_KIND_", "", StringComparison.Ordinal).Replace('_', ' ').ToLowerInvariant();
            var path = match.TryGetProperty("yourPath", out var p) ? p.GetString() : "";
            var factors = match.TryGetProperty("factors", out var f)
                ? string.Join("; ", f.EnumerateArray().Select(Factor))
                : "exact";
            yield return $"{kind} at {path}: {factors}";
        }
    }

    private static string Factor(JsonElement factor)
    {
        var contribution = factor.TryGetProperty("contribution", out var c) ? c.GetDouble() : 0;
        return $"{factor.GetProperty("field").GetString()} {factor.GetProperty("agreement").GetString()} ({contribution.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)})";
    }

    private static IEnumerable<string> Corridors(JsonElement product)
    {
        if (!product.TryGetProperty("corridor", out var report) || !report.TryGetProperty("corridors", out var corridors))
        {
            yield break;
        }

        foreach (var corridor in corridors.EnumerateArray())
        {
            var stops = new List<string> { corridor.GetProperty("origin").GetString()! };
            if (corridor.TryGetProperty("transit", out var transit))
            {
                stops.AddRange(transit.EnumerateArray().Select(t => t.GetString()!));
            }

            stops.Add(corridor.GetProperty("destination").GetString()!);
            yield return $"{string.Join(" → ", stops)}: {Count(corridor, "messages")} message(s), {Count(corridor, "persons")} person(s), {Count(corridor, "fatalities")} fatalities";
        }
    }

    private static long Count(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
}
