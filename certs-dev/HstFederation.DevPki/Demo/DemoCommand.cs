using System.Text.Json;
using HstFederation.DevPki.Cli;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.DevPki.Demo;

/// <summary>
/// demo --pki DIR [--json]: loads a development federation from disk and exchanges real signed,
/// encrypted envelopes between its parties, checking every expectation. Exit 0 only if all held.
/// Until the hub and node services exist this is the protocol layer on its own, in one process.
/// </summary>
internal static class DemoCommand
{
    private static readonly string[] Members = ["FR", "DE", "IT", "ES"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, new HashSet<string> { "--pki" }, new HashSet<string> { "--json" });
        var directory = parsed.Required("--pki");
        var json = parsed.Flag("--json");
        var log = new DemoLog(json ? TextWriter.Null : stdout);

        var parties = DemoParties.Load(directory, time, Members);
        foreach (var party in parties.All)
        {
            log.Step($"loaded {party.Party}", $"signing key {Convert.ToHexStringLower(party.Signing.KeyId.Span)}, valid until {party.Signing.NotAfter:yyyy-MM-dd}");
        }

        var policy = HandlingPolicy.WithoutRegions;
        var sealer = new EnvelopeSealer(time, policy);
        var verifier = new EnvelopeVerifier(parties.Trust, policy);
        var opener = new EnvelopeOpener(verifier);
        var forwarder = new EnvelopeForwarder(verifier, time);
        var now = time.GetUtcNow();

        log.Heading("1. FR reports a smuggling network to IT and DE, readable by the General Secretariat (H2)");
        var report = DemoScenario.NetworkReport(now);
        var sealedReport = sealer.Seal(report, parties["FR"], [parties["IT"].Encryption, parties["DE"].Encryption, parties[PartyId.HubCode].Encryption], new SealOptions { Sequence = 1 });
        log.Step("sealed", $"message {MessageIds.Format(sealedReport.MessageId.Span)}, {sealedReport.Bytes.Length} bytes, 3 recipients, content encrypted once");
        log.Expect("hub verifies it as it would on Submit", verifier.Verify(sealedReport.Bytes).IsSuccess);
        foreach (var reader in new[] { PartyId.HubCode, "IT", "DE" })
        {
            var opened = opener.Open(sealedReport.Bytes, parties[reader]);
            log.Expect($"{parties[reader].Party} opens it: signed by {opened.Value?.Verified.SenderParty}, case {opened.Value?.Message.Case.Reference}", opened.IsSuccess && opened.Value.Message.Equals(report));
        }

        log.Expect("ES, not addressed, cannot open it (NOT_A_RECIPIENT)", opener.Open(sealedReport.Bytes, parties["ES"]).Reason == RejectionReason.NotARecipient);

        log.Heading("2. IT replies to FR directly; the hub routes it but cannot read it (H3)");
        var reply = sealer.Seal(DemoScenario.DirectReply(now), parties["IT"], [parties["FR"].Encryption], new SealOptions { Sequence = 1 });
        log.Expect("hub verifies signature, handling and ciphertext digest without any key", verifier.Verify(reply.Bytes).IsSuccess);
        log.Expect("hub cannot open it (NOT_A_RECIPIENT)", opener.Open(reply.Bytes, parties[PartyId.HubCode]).Reason == RejectionReason.NotARecipient);
        log.Expect("FR opens it", opener.Open(reply.Bytes, parties["FR"]).IsSuccess);

        log.Heading("3. The hub redisseminates FR's report to ES, which H2 allows only with FR's consent");
        var atHub = opener.Open(sealedReport.Bytes, parties[PartyId.HubCode]).GetValueOrThrow();
        log.Expect("without consent the forward is refused (FORWARD_NOT_PERMITTED)", forwarder.Forward(atHub, parties[PartyId.HubCode], [parties["ES"].Encryption]).Reason == RejectionReason.ForwardNotPermitted);
        var consent = ForwardConsents.Grant(sealedReport, [PartyId.Member("ES")], parties["FR"], time.GetUtcNow());
        var forwarded = forwarder.Forward(atHub, parties[PartyId.HubCode], [parties["ES"].Encryption], consent).GetValueOrThrow();
        var atEs = opener.Open(forwarded.Bytes, parties["ES"]);
        log.Expect($"ES opens the forwarded copy: source {atEs.Value?.Verified.SenderParty}, forwarded by {atEs.Value?.Verified.Forwards[0].Forwarder.Party} with FR's consent", atEs.IsSuccess && atEs.Value.Message.Equals(report));

        log.Heading("4. Tampering is refused with a reason");
        var tampered = sealedReport.Bytes.ToArray();
        tampered[^20] ^= 0x01;
        var tamperedResult = verifier.Verify(tampered);
        log.Expect($"one flipped bit in the ciphertext: {tamperedResult.Reason}", tamperedResult.Reason == RejectionReason.ContentHashMismatch);

        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { submitted = 3, forwarded = 1, checks = log.Checks, failed = log.Failures }));
        }
        else
        {
            stdout.WriteLine();
            stdout.WriteLine(log.Failures == 0 ? $"DEMO OK: {log.Checks} checks held" : $"DEMO FAILED: {log.Failures} of {log.Checks} checks did not hold");
        }

        return log.Failures == 0 ? DevPkiCli.Success : DevPkiCli.Failure;
    }
}
