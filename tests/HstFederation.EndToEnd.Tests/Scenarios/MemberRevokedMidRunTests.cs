using HstFederation.EndToEnd.Tests.Checking;
using HstFederation.EndToEnd.Tests.Harness;
using HstFederation.Protocol.V1;
using Xunit.Abstractions;

namespace HstFederation.EndToEnd.Tests.Scenarios;

/// <summary>
/// THREATS row 23 across real processes: a member (IT) is revoked with <c>hst-hub revoke --root-key</c> against the
/// running hub's database while messages it sent before wait at the hub for a node that is offline (DE). IT's later
/// submissions are refused, visibly in its outbox (a reason each) and in <c>hst-node status</c>; messages addressed to IT after the
/// revocation are refused at their senders; what IT sent before stays deliverable and verifiable: DE, started again
/// after the revocation with the new CRL, stores every one of them and quarantines nothing. The hub re-reads its
/// registry and CRL, and the nodes their directory and CRL, every second or less.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MemberRevokedMidRunTests(ITestOutputHelper output)
{
    private const int Seed = 23;
    private const string Revoked = "IT";
    private const string Offline = "DE";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public Task MemberRevokedMidRun_ItsLaterSubmissionsAreRefused_WhatItSentBeforeReachesANodeThatWasOffline() =>
        ScenarioRun.RunAsync(
            new FederationSpec
            {
                Name = "revoke",
                HubSettings = ["--Hub:RegistryRefresh=00:00:00.250", "--Hub:RevocationListRefresh=00:00:01"],
                NodeSettings = _ => ["--Node:DirectoryRefresh=00:00:01"],
            },
            output,
            async federation =>
            {
                var random = new Random(Seed);
                var members = federation.Spec.Members;
                var revoked = federation.Nodes[Revoked];
                var offline = federation.Nodes[Offline];
                await federation.StartAsync();
                var load = new LoadGenerator(federation);

                // Before: everyone sends to everyone, IT included, and everything is delivered.
                var before = LoadPlan.Create(random, members, members, 40, "CANARY-BEFORE-");
                await load.RunAsync(before, CancellationToken.None);
                await Poll.UntilAsync(() => Running(federation) && Progress.Drained(federation), "the first load's drain", Deadline, () => Progress.Describe(federation));

                federation.Timeline.Mark("first load drained");

                // DE goes offline; IT sends it (and others) messages the hub accepts and keeps for DE.
                Assert.True(await offline.Process.StopAsync(TimeSpan.FromSeconds(20)), $"{Offline} did not stop on SIGTERM");
                var pending = LoadPlan.Create(random, [Revoked], members, 20, "CANARY-PENDING-", firstNumber: 1001, alwaysTo: Offline);
                await load.RunAsync(pending, CancellationToken.None);
                await Poll.UntilAsync(
                    () => Running(federation) && Progress.Node(revoked) is { Queued: 0, Accepted: 30 } && OnlyWaitingFor(federation, offline.Party),
                    "IT's messages accepted and delivered to all but DE", Deadline, () => Progress.Describe(federation));

                // The CRL dates a revocation to the second, rounded down: revoke in a later second than the last
                // message was sealed, so that "sent before the revocation" holds at the CRL's precision too.
                var lastSealed = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                await Poll.UntilAsync(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > lastSealed, "the next second", Deadline);
                var revoke = await federation.Cli.RunCheckedAsync(Apphosts.Hub,
                [
                    "revoke", Revoked, "--root-key", Path.Combine(federation.Pki, "root", "root.key.pem"),
                    "--party-dir", revoked.CredentialsDirectory, "--yes", .. federation.Hub.Settings,
                ]);
                output.WriteLine(revoke.Out.Trim());
                federation.Timeline.Mark("revoked");

                // The hub takes the revocation within RegistryRefresh: wait until its log shows it refusing IT (IT's
                // node calls every second), so that nothing below can slip through the staleness window.
                await Poll.UntilAsync(
                    () => LogEvidence.Count(federation.Hub.LogPath, $"{revoked.Party} (None) may not call") > 0
                        || LogEvidence.Count(federation.Hub.LogPath, $"of {revoked.Party} was revoked") > 0,
                    "the hub to refuse IT", Deadline);

                // After: IT's new submissions, and messages to IT, are refused where their senders see it.
                var after = LoadPlan.Create(random, [Revoked], members, 5, "CANARY-AFTER-", firstNumber: 2001);
                var toRevoked = LoadPlan.Create(random, ["FR"], members, 3, "CANARY-TO-REVOKED-", firstNumber: 3001, alwaysTo: Revoked);
                await load.RunAsync([.. after, .. toRevoked], CancellationToken.None);
                Dictionary<int, AgencyMessageSummary> refused = [];
                await Poll.UntilAsync(
                    async () =>
                    {
                        refused = await AgencyView.SummariesAsync(federation, load.Queued, [.. after, .. toRevoked]);
                        return refused.Values.All(s => s.State == OutboxMessageState.Rejected);
                    },
                    "the refusals", Deadline, () => string.Join("; ", refused.Select(s => $"#{s.Key} {s.Value.State}")));
                federation.Timeline.Mark("refusals seen");
                foreach (var (number, summary) in refused.OrderBy(s => s.Key))
                {
                    output.WriteLine($"#{number} from {summary.Sender[^2..]} to {string.Join(",", summary.Recipients.Select(r => r[^2..]))}: {summary.State} {summary.RejectReason}: {summary.RejectDetail}");
                }

                // Messages to IT: refused at their sender (its directory shows IT revoked) or by the hub.
                Assert.All(toRevoked, m => Assert.Contains(refused[m.Number].RejectReason, new[] { "RecipientNotActive", "RecipientNotEnrolled" }));

                // IT's own: refused by the hub's policy while IT's connection lasts (PermissionDenied, 'a revoked
                // member'), or by IT's node itself once its CRL lists its own key (SenderCertificateRevoked, with a
                // Critical log line), never left queued against a hub that refuses its TLS handshake.
                Assert.All(after, m => Assert.Contains(refused[m.Number].RejectReason, new[] { "PermissionDenied", "SenderCertificateRevoked" }));
                var refusedHere = after.Count(m => refused[m.Number].RejectReason == "SenderCertificateRevoked");
                Assert.Equal(refusedHere, LogEvidence.Count(revoked.LogPath, "REVOKED: this NCB's signing certificate"));
                var status = await federation.Cli.RunAsync(Apphosts.Node, revoked.Command("status"));
                output.WriteLine($"IT's status: exit {status.ExitCode}: {status.Error.Trim()}{status.Out.Trim()}");
                Assert.Equal(1, status.ExitCode);
                Assert.Contains("Revoked", status.Error + status.Out, StringComparison.Ordinal);

                // DE comes back, with the new CRL: what IT sent before the revocation is verified and stored.
                await offline.StartAsync();
                await Poll.UntilAsync(() => Running(federation) && Progress.Drained(federation, Revoked), "the drain to everyone but IT", Deadline,
                    () => Progress.Describe(federation));
                federation.Timeline.Mark("drained");
                await federation.StopAsync();

                var totals = await FederationChecker.CheckAsync(federation, new CheckExpectations { CutOff = new HashSet<string> { Revoked } });
                output.WriteLine(totals.ToString());

                // Every message IT sent before is in DE's inbox (the checker: exactly once, verified, not quarantined),
                // and DE's receipts for them wait at the hub for IT, which can no longer collect them.
                Assert.Equal(before.Count + pending.Count, totals.Messages);
                Assert.Equal(pending.Count, totals.WaitingForCutOffMembers);
            });

    /// <summary>The hub holds unacknowledged deliveries for <paramref name="party"/> only.</summary>
    private static bool OnlyWaitingFor(Federation federation, string party) =>
        Progress.HubUnacknowledged(federation.Hub) is { } waiting && waiting.Keys.All(p => p == party);

    private static bool Running(Federation federation)
    {
        federation.ThrowIfAnyExited();
        return true;
    }
}
