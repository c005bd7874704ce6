using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>`quarantine`: deliveries that failed verification, and sequence alarms, with their reasons.</summary>
internal sealed class QuarantineCommand : INodeCommand
{
    public string Name => "quarantine";

    public string Summary => "Deliveries refused on verification (with reasons) and per-sender sequence alarms.";

    public string Help => """
        Usage: hst-node quarantine [--config FILE] [--json]

        Lists every delivery the node refused to store as valid — bad signature, wrong key, not addressed
        to this NCB, revoked sender, tampered forward record — with the reason code and detail, and every
        per-sender sequence alarm (a gap or step back in a sender's numbering: a message may be missing or
        replayed), and every withdrawal-mismatch (the hub withdrew a message naming a header other than the
        copy this node holds: nothing was purged). A gap the hub explained by withdrawing the missing
        messages is resolved and no longer listed (the audit keeps it). Quarantined deliveries are kept as received for investigation; they are never shown as
        messages. Report them to the hub operator with their time and reason.

        Example:
          $ hst-node quarantine --config node.json
          Quarantined deliveries: 1
          #  AT                    REASON                  DETAIL
          1  2026-11-29 10:02:11Z  KeyCommitmentMismatch  the content key does not match the header's commitment
          Sequence alarms: none
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        await using var store = context.OpenStore(context.StoreSettings());
        var quarantined = await store.QuarantinedAsync(cancellationToken);
        var alarms = await store.AlarmsAsync(cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Quarantined = quarantined.Select(q => new { q.Id, At = DateTimeOffset.FromUnixTimeMilliseconds(q.QuarantinedAtMs), q.Reason, q.Detail, Bytes = q.Envelope.Length }),
                Alarms = alarms.Select(a => new
                {
                    a.Id, At = DateTimeOffset.FromUnixTimeMilliseconds(a.RaisedAtMs), a.Kind, a.Sender, a.Expected, a.Received,
                    MessageId = a.MessageId is null ? null : MessageIds.Format(a.MessageId),
                }),
            });
            return NodeCommandLine.Success;
        }

        context.Out.WriteLine($"Quarantined deliveries: {quarantined.Count}");
        if (quarantined.Count > 0)
        {
            var table = new TextTable("#", "AT", "REASON", "DETAIL");
            foreach (var entry in quarantined)
            {
                table.Add(entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Display.Time(entry.QuarantinedAtMs), entry.Reason, entry.Detail);
            }

            table.WriteTo(context.Out);
        }

        context.Out.WriteLine(alarms.Count == 0 ? "Sequence alarms: none" : $"Sequence alarms: {alarms.Count}");
        if (alarms.Count > 0)
        {
            var table = new TextTable("#", "AT", "KIND", "SENDER", "EXPECTED", "RECEIVED", "MESSAGE");
            foreach (var alarm in alarms)
            {
                table.Add(
                    alarm.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Display.Time(alarm.RaisedAtMs), alarm.Kind, Display.Party(alarm.Sender),
                    alarm.Expected.ToString(System.Globalization.CultureInfo.InvariantCulture), alarm.Received.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    alarm.MessageId is null ? "-" : MessageIds.Format(alarm.MessageId));
            }

            table.WriteTo(context.Out);
        }

        return NodeCommandLine.Success;
    }
}
