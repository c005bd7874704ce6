using System.Globalization;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `ledger &lt;message-id&gt;`: who holds one message and what happened to each copy, from the hub's own rows (docs/hub.md#ledger-message-id).
/// It changes nothing, but each look is audited under the id asked (<see cref="AuditedRead"/>), found or not, as the node
/// audits its own `ledger`; a found message's entry names its hub sequence, so later ledgers of it list the look.
/// </summary>
internal sealed class LedgerCommand : IHubCommand
{
    private const string SenderOption = "--sender";

    public string Name => "ledger";

    public string Summary => "Who holds one message and what happened to each copy: deliveries, receipts, forwards, hits, audit.";

    public string Help => """
        Usage: hst-hub ledger <message-id> [--sender CC] [--json]

        The who-received-what ledger of one message the hub accepted, from one read snapshot of Hub:DatabasePath (safe
        while the hub runs), never its content:
          - the source: when the hub accepted it, the TLS client certificate (serial) it was submitted through, its hub
            sequence, its handling code and evaluation, whether the hub may read it;
          - each addressee: acknowledged (when, the signed delivery receipt held, its relay to the source) or pending;
          - each party a release forwarded it to: when, under whose signed consent (granted when), for which hit,
            acknowledged or pending;
          - the hub itself: it routes every envelope; when it may read one, the entities it indexed (counts) and the
            hits the message is part of, with whom the hub notified ("left the index when superseded" once a newer
            version replaced it); for a direct exchange, the blind tokens kept;
          - the audit entries about the message, in log order (time, actor, the certificate a member's call came through,
            action, detail).

        <message-id> is the UUIDv7 as nodes print it (0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e) or its 32 hex digits.
        Message ids are unique per source only: if two sources used the same id, give --sender.

        Options:
          --sender CC   the source (FR, urn:hst:member:FR, or IPSG for the hub's own messages)
          --json        {"messageId","source","hubSequence",...,"submittedWith",...,"holders":[...],"hits":[...],"audit":[...]}

        Audited: each look writes one 'ledger' entry as operator:<user> under the id asked (the hub sequence and how many
        holders, hits and audit entries were shown, or 'not-held' / 'ambiguous'), before anything is shown; later ledgers of
        the message list it. If it cannot be written (a full disk, a file this user may not write), nothing is shown: exit 1.

        Exit codes: 0 shown; 1 no such message, or the id is ambiguous without --sender, or the look could not be audited;
        2 a malformed id or option.

        Example:
          $ hst-hub ledger 01a226f6-345b-7f3c-ad14-062214e8c271
          Message 01a226f6-345b-7f3c-ad14-062214e8c271 from urn:hst:member:FR (its message 1), hub sequence 1
          Accepted 2026-11-29 11:00:00Z; created 2026-11-29 10:59:59Z; envelope expires 2026-12-29 10:59:59Z
          Handling H2, evaluation X4, the hub may read it
          HOLDER             HOW        SINCE                 STATE                              RECEIPT
          urn:hst:member:FR  source     2026-11-29 11:00:00Z  accepted                           -
          urn:hst:member:IT  addressee  2026-11-29 11:00:00Z  acknowledged 2026-11-29 11:00:00Z  held; source acknowledged it 2026-11-29 11:00:00Z
          urn:hst:member:ES  addressee  2026-11-29 11:00:00Z  pending                            -
          urn:hst:member:DE  forwarded  2026-11-29 11:00:00Z  acknowledged 2026-11-29 11:00:00Z  held; relayed to the source, pending
          urn:hst:hub:IPSG   hub        2026-11-29 11:00:00Z  reads it: 1 identifier, 1 person, 0 organisations indexed; 1 hit  -
          (then FORWARDS, the hits and the AUDIT entries; docs/hub.md#ledger-message-id shows all of it)
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { SenderOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("<message-id>");
        var id = ParseId(context.Arguments.Positionals[0]);
        PartyId? sender = context.Arguments.Optional(SenderOption) is { } text ? ParseSender(text) : null;
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        await using var store = context.OpenStore(options);
        var lookup = await store.LedgerAsync(id, sender, cancellationToken);
        await AuditedRead.RecordAsync(store, options, OperatorActions.Ledger, id, AuditDetail(lookup, sender), cancellationToken);
        var shown = MessageIds.Format(id);
        if (lookup.IsUnknown)
        {
            throw new CommandFailedException(sender is { } from
                ? $"no message {shown} from {from.Uri} is held by this hub."
                : $"no message {shown} is held by this hub.");
        }

        if (lookup.IsAmbiguous)
        {
            throw new CommandFailedException(
                $"message id {shown} was used by {lookup.Senders.Count} sources ({string.Join(", ", lookup.Senders.Select(party => party.Uri))}): give {SenderOption} CC.");
        }

        if (context.Json)
        {
            context.WriteJson(LedgerJson.Shape(lookup.Ledger!));
        }
        else
        {
            LedgerText.Write(lookup.Ledger!, context.Out);
        }

        return HubCommandLine.Success;
    }

    /// <summary>
    /// What the look returned: the message's hub sequence (the word the ledger's audit section matches) and how many holders,
    /// hits and audit entries it showed; or that the id is not held, or was used by several sources.
    /// </summary>
    internal static string AuditDetail(LedgerLookup lookup, PartyId? sender)
    {
        var asked = sender is { } from ? " sender=" + from.Uri : string.Empty;
        if (lookup.Ledger is { } ledger)
        {
            // The HOLDER rows shown: the source, each addressee's or forwarded copy, the hub.
            var holders = ledger.Copies.Count + 2;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"hub_sequence={ledger.HubSequence}{asked} holders={holders} hits={ledger.Hub.Hits.Count} audit={ledger.Audit.Count}");
        }

        return lookup.IsAmbiguous
            ? string.Create(CultureInfo.InvariantCulture, $"ambiguous{asked} sources={lookup.Senders.Count}")
            : "not-held" + asked;
    }

    /// <summary>The canonical UUID text, or the 32 hex digits an operator copies from sqlite3's hex(message_id).</summary>
    internal static byte[] ParseId(string text)
    {
        if (MessageIds.TryParse(text, out var id))
        {
            return id;
        }

        if (text.Length == 2 * MessageIds.Size && text.All(Uri.IsHexDigit) && Convert.FromHexString(text) is var bytes && MessageIds.IsValid(bytes))
        {
            return bytes;
        }

        throw new CommandUsageException($"'{text}' is not a message id: give a UUIDv7 such as 0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e, or its 32 hex digits.");
    }

    private static PartyId ParseSender(string text) =>
        string.Equals(text, PartyId.HubCode, StringComparison.OrdinalIgnoreCase) || text == PartyId.Hub.Uri ? PartyId.Hub : MemberCodes.Parse(text);
}
