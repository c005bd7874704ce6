using System.Security.Cryptography;
using HstFederation.EndToEnd.Tests.Harness;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>
/// Checks a federation after a run, with every process stopped, from what the parties' databases hold (read-only):
/// <list type="bullet">
/// <item>every message acknowledged to a sender (accepted, the hub's verified receipt in its outbox) is in the inbox of
/// every addressee exactly once (one row, one 'receive' audit entry), with the very envelope the sender sealed, verified
/// again now and decrypted again with the addressee's key to the content that was sent; nothing is quarantined;</item>
/// <item>no inbox holds a message that was not accepted and addressed to it;</item>
/// <item>every delivery receipt reached its source: the sender's outbox holds one signed receipt per addressee, signed
/// by that addressee, for that message and header;</item>
/// <item>the hub's record agrees: one message row per accepted message (same hub sequence, same receipt bytes, same
/// envelope digest) and no other, one acknowledged delivery per addressee and no other, one acknowledged relay per
/// delivery receipt;</item>
/// <item>every party's audit chain verifies (the products' own <c>verify-audit</c>).</item>
/// </list>
/// Members a scenario cut off (revoked) are the only exception: what waits for them must still be on the hub's record.
/// </summary>
internal sealed partial class FederationChecker
{
    private readonly List<string> _violations = [];
    private readonly CheckTotals _totals = new();
    private readonly Federation _federation;
    private readonly HashSet<string> _cutOff;
    private readonly EnvelopeVerifier _verifier;
    private readonly FederationTrust _trust;
    private readonly Dictionary<string, PartyCredentials?> _credentials;
    private readonly Dictionary<string, NodeRecords> _nodes;
    private readonly HubRecords _hub;
    private readonly ILookup<(MessageKey, string), HubDelivery> _envelopeDeliveries;
    private readonly ILookup<long, HubDelivery> _relays;

    private FederationChecker(Federation federation, CheckExpectations expectations)
    {
        _federation = federation;
        _cutOff = expectations.CutOff.Select(code => PartyId.Member(code).Uri).ToHashSet(StringComparer.Ordinal);
        _trust = FederationTrust.Load(federation.Hub.RootCertificate, federation.Hub.RevocationList, TimeProvider.System);
        _verifier = new EnvelopeVerifier(_trust, HandlingPolicy.WithoutRegions);
        _credentials = federation.Nodes.Values.ToDictionary(n => n.Party, n => LoadCredentials(n.CredentialsDirectory, _trust), StringComparer.Ordinal);
        _nodes = federation.Nodes.Values.ToDictionary(n => n.Party, n => NodeRecords.Read(n.Party, n.DatabasePath), StringComparer.Ordinal);
        _hub = HubRecords.Read(federation.Hub.DatabasePath);
        _envelopeDeliveries = _hub.Deliveries.Where(d => d.Kind == DeliveryKind.Envelope).ToLookup(d => (d.Message, d.Recipient));
        _relays = _hub.Deliveries.Where(d => d.Kind == DeliveryKind.Relay).ToLookup(d => d.RelaysCursor!.Value);
    }

    /// <summary>Runs every check; fails the test with the violations found, else returns what was checked.</summary>
    public static async Task<CheckTotals> CheckAsync(Federation federation, CheckExpectations? expectations = null, string phase = "checked")
    {
        var running = federation.Processes.Where(p => p.IsRunning).Select(p => p.Name).ToList();
        Assert.True(running.Count == 0, $"the checker reads stopped parties only; still running: {string.Join(", ", running)}");
        var checker = new FederationChecker(federation, expectations ?? CheckExpectations.Default);
        checker.CheckOutboxes();
        checker.CheckInboxes();
        checker.CheckHubRecord();
        await checker.CheckAuditAsync();
        checker._totals.Parties = federation.Nodes.Count + 1;
        federation.Timeline.Mark(phase);
        Assert.True(
            checker._violations.Count == 0,
            $"{checker._violations.Count} violations, e.g.\n{string.Join('\n', checker._violations.Take(30))}\n{checker._totals}");
        return checker._totals;
    }

    private void Violation(string text) => _violations.Add(text);

    private void CheckOutboxes()
    {
        foreach (var (party, node) in _nodes)
        {
            var code = party[^2..];
            _totals.Queued[code] = node.Outbox.Values.Count(m => m.State == OutboxState.Queued);
            _totals.Rejected[code] = node.Outbox.Values.Where(m => m.State == OutboxState.Rejected)
                .GroupBy(m => m.RejectReason!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (_totals.Queued[code] > 0)
            {
                Violation($"{code} still has {_totals.Queued[code]} queued messages");
            }

            using (var connection = ReadOnlyDatabase.Open(_federation.Nodes[code].DatabasePath))
            {
                _totals.SubmitRepeats += (int)(long)connection.Scalar("SELECT COUNT(*) FROM audit WHERE action = 'enqueue-repeat';")!;
            }

            foreach (var message in node.Outbox.Values.Where(m => m.State == OutboxState.Accepted))
            {
                _totals.Messages++;
                CheckAccepted(message);
            }

            foreach (var quarantined in node.Quarantine)
            {
                Violation($"{code} quarantined a delivery: {quarantined}");
            }

            foreach (var alarm in node.Alarms)
            {
                Violation($"{code} raised a sequence alarm: {alarm}");
            }
        }
    }

    private void CheckAccepted(OutboxRecord message)
    {
        var key = message.Key;
        if (message.Envelope is null || message.Receipt is null)
        {
            Violation($"{key} is accepted without a kept envelope or receipt");
            return;
        }

        var receipt = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(message.Receipt), StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, _trust, r => r.AcceptedAtMs);
        var digest = SHA256.HashData(message.Envelope);
        if (!receipt.IsSuccess || !receipt.Value.Signer.Party.IsHub || Convert.ToHexString(receipt.Value.Statement.MessageId.Span) != key.Id
            || receipt.Value.Statement.Sender != key.Sender || !receipt.Value.Statement.EnvelopeSha256.Span.SequenceEqual(digest)
            || (long)receipt.Value.Statement.HubSequence != message.HubSequence)
        {
            Violation($"{key}: the acceptance receipt in the outbox is not the hub's receipt for this envelope ({receipt.Rejection?.Detail})");
        }

        if (!_hub.Messages.TryGetValue(key, out var stored))
        {
            Violation($"{key} was acknowledged to its sender (hub sequence {message.HubSequence}) but the hub does not hold it");
        }
        else if (stored.HubSequence != message.HubSequence || !stored.Receipt.AsSpan().SequenceEqual(message.Receipt) || !stored.EnvelopeSha256.AsSpan().SequenceEqual(digest))
        {
            Violation($"{key}: the hub's record (sequence, receipt, envelope digest) differs from the sender's");
        }

        var verified = _verifier.Verify(message.Envelope);
        if (!verified.IsSuccess)
        {
            Violation($"{key}: the sender's kept envelope no longer verifies: {verified.Reason} {verified.Rejection!.Detail}");
            return;
        }

        var signedRecipients = verified.Value.Header.Recipients.Select(r => r.Party).Where(p => !PartyId.Parse(p).IsHub).Order(StringComparer.Ordinal);
        if (!signedRecipients.SequenceEqual(message.Addressees.Order(StringComparer.Ordinal)))
        {
            Violation($"{key}: the envelope is sealed for {string.Join(",", signedRecipients)}, the outbox names {string.Join(",", message.Addressees)}");
        }

        var sent = HstMessage.Parser.ParseFrom(message.Plaintext);
        foreach (var addressee in message.Addressees)
        {
            CheckDelivery(message, verified.Value, sent, addressee);
        }

        foreach (var stray in _hub.Deliveries.Where(d => d.Kind == DeliveryKind.Envelope && d.Message == key && !message.Addressees.Contains(d.Recipient)))
        {
            Violation($"{key}: the hub has a delivery for {stray.Recipient}, who is not an addressee");
        }
    }

    private static PartyCredentials? LoadCredentials(string directory, FederationTrust trust)
    {
        try
        {
            return CredentialLoader.LoadPartyCredentials(directory, trust);
        }
        catch (CredentialException)
        {
            return null; // revoked
        }
    }
}
