using System.Globalization;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>`stats`: per-party queue depth, oldest undelivered age, accepted count; rejections by reason.</summary>
internal sealed class StatsCommand : IHubCommand
{
    public string Name => "stats";

    public string Summary => "Queue depth and oldest undelivered per member, accepted counts, rejections by reason.";

    public string Help => """
        Usage: hst-hub stats [--json]

        From one read snapshot of Hub:DatabasePath (safe while the hub runs): for every enrolled member (and
        any other party with traffic) the deliveries waiting for it (envelopes addressed to it and delivery
        receipts relayed to it, not yet acknowledged; a relayed batch of receipts counts once), how long the
        oldest of them has waited since the hub accepted it (for a batch, its first receipt's message), and how many envelopes it has sent that the hub accepted; then rejections by reason,
        counted from the audit log.

        Options:
          --json    {"acceptedMessages","undelivered","parties":[...],"rejections":{"Replay":2,...}}

        Example:
          $ hst-hub stats
          PARTY              UNDELIVERED  OLDEST UNDELIVERED  ACCEPTED
          urn:hst:member:DE  3            00:12:05            0
          urn:hst:member:FR  0            -                   3
          3 accepted, 3 undelivered
          REJECTED BY REASON
          Replay  2
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        await using var store = context.OpenStore(context.Settings(nameof(HubOptions.DatabasePath)));
        var stats = await store.StatsAsync(cancellationToken);
        var now = context.Time.GetUtcNow();
        var parties = stats.Parties.Select(party => new
        {
            Party = party.Party.Uri,
            party.Undelivered,
            OldestUndeliveredAcceptedAt = party.OldestUndeliveredAcceptedAtMs is { } ms ? CommandContext.FromUnixMs(ms) : (DateTimeOffset?)null,
            OldestUndeliveredAgeSeconds = party.OldestUndeliveredAcceptedAtMs is { } at ? (long?)Math.Max(0, (now - CommandContext.FromUnixMs(at)).TotalSeconds) : null,
            party.Accepted,
        }).ToList();
        var rejections = stats.RejectionsByReason.OrderBy(pair => pair.Key.ToString(), StringComparer.Ordinal).ToList();
        if (context.Json)
        {
            context.WriteJson(new
            {
                stats.AcceptedMessages,
                Undelivered = stats.UndeliveredTotal,
                Parties = parties,
                Rejections = rejections.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
            });
            return HubCommandLine.Success;
        }

        var table = new TextTable("PARTY", "UNDELIVERED", "OLDEST UNDELIVERED", "ACCEPTED");
        foreach (var party in parties)
        {
            table.Add(party.Party, Number(party.Undelivered), party.OldestUndeliveredAgeSeconds is { } age ? Age(age) : "-", Number(party.Accepted));
        }

        table.WriteTo(context.Out);
        context.Out.WriteLine($"{stats.AcceptedMessages} accepted, {stats.UndeliveredTotal} undelivered");
        context.Out.WriteLine(rejections.Count == 0 ? "No rejections." : "REJECTED BY REASON");
        foreach (var (reason, count) in rejections)
        {
            context.Out.WriteLine($"{reason}  {Number(count)}");
        }

        return HubCommandLine.Success;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Age(long seconds) => TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
}
