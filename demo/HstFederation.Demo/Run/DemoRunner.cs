using System.Security.Cryptography;
using Grpc.Core;
using HstFederation.Demo.Federation;
using HstFederation.Demo.Reporting;

namespace HstFederation.Demo.Run;

/// <summary>
/// The scenario, step by step, against the running federation: FR reports a network to DE and IT (node CLI), DE's
/// agency answers through its node's agency API, FR sends ES a direct exchange the hub may not read; then who holds
/// what, and the hub's files; then the hub's value added: a cross-country hit, a release and a corridor report; last, the
/// source's control over what it sent: an update, a restriction, and a recall while a holder is offline. Each
/// step's expectations are checked as it goes; the first that fails stops it.
/// </summary>
internal sealed partial class DemoRunner
{
    public static readonly IReadOnlyList<string> Members = ["FR", "DE", "IT", "ES"];

    private readonly FederationFile _federation;
    private readonly DevPkiTool _pki;
    private readonly NodeSwitch _switch;
    private readonly DemoReport _report;
    private readonly TimeProvider _time;
    private readonly TimeSpan _deadline;
    private readonly Dictionary<string, PartyCli> _nodes;
    private readonly SentMessage _networkReport = new("report", "FR", ["DE", "IT"], "node CLI (hst-node send)", hubMayRead: true);
    private readonly SentMessage _reply = new("reply", "DE", ["FR"], "agency API (AgencyGateway.Submit)", hubMayRead: true);
    private readonly SentMessage _direct = new("direct", "FR", ["ES"], "node CLI (hst-node send)", hubMayRead: false);
    private readonly SentMessage _italian = new("recruiter-it", "IT", ["DE"], "node CLI (hst-node send)", hubMayRead: true);
    private readonly SentMessage _spanish = new("recruiter-es", "ES", ["FR"], "node CLI (hst-node send)", hubMayRead: true);
    private readonly SentMessage _updatedReport = new("report-v2", "FR", ["DE", "IT"], "node CLI (hst-node update)", hubMayRead: true);
    private readonly IntelligenceTally _intelligence = new();
    private readonly LifecycleTally _lifecycle = new();
    private OutboxTracker _tracker = null!;
    private DateTimeOffset _since;

    public DemoRunner(FederationFile federation, DevPkiTool pki, NodeSwitch nodeSwitch, DemoReport report, TimeProvider time, TimeSpan deadline)
    {
        _federation = federation;
        _pki = pki;
        _switch = nodeSwitch;
        _report = report;
        _time = time;
        _deadline = deadline;
        _nodes = federation.Nodes.ToDictionary(n => n.Member, n => PartyCli.Node(n, time), StringComparer.Ordinal);
    }

    public IReadOnlyList<SentMessage> Messages => [_networkReport, _reply, _direct, _italian, _spanish, _updatedReport];

    /// <summary>Hit notifications, releases and analytical products the run saw (the --json summary's counts).</summary>
    public IntelligenceTally Intelligence => _intelligence;

    /// <summary>Updates, orders and confirmations step 6 saw (the --json summary's lifecycle counts).</summary>
    public LifecycleTally Lifecycle => _lifecycle;

    /// <summary>The first three steps' exchanges, whose holders step 4 checks (step 5's release adds a holder on purpose).</summary>
    private IReadOnlyList<SentMessage> Exchanges => [_networkReport, _reply, _direct];

    /// <summary>Runs every step; an expectation that fails ends it with <see cref="ExpectationFailedException"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // The lists are read from a little before this run: a node stamps with the same machine clock, and a message
        // is found by its id, so earlier runs on the same federation never confuse the checks.
        _since = now.AddMinutes(-1);
        _tracker = new OutboxTracker(_time, _deadline, _since);

        CheckMembers();
        await using var agency = await SetUpAgencyAsync(cancellationToken);
        await SendNetworkCaseAsync(now, cancellationToken);
        await AnswerThroughAgencyAsync(agency, now, cancellationToken);
        await SendDirectExchangeAsync(now, cancellationToken);
        await CheckWhoHoldsWhatAsync(cancellationToken);
        await MatchAcrossCountriesAsync(now, cancellationToken);
        await ControlWhatWasSentAsync(now, cancellationToken);
    }

    private void CheckMembers()
    {
        var present = _federation.Nodes.Select(n => n.Member).ToList();
        var missing = Members.Where(m => !present.Contains(m)).ToList();
        _report.Require(
            "members-present",
            missing.Count == 0,
            missing.Count == 0
                ? $"nodes of {string.Join(", ", Members)} are up (hub {_federation.Hub.Identity})"
                : $"the running federation has no node for {string.Join(", ", missing)} (it has {string.Join(", ", present)}); the demo needs "
                    + $"{string.Join(", ", Members)}: stop it with ./hst down and run ./hst demo again, which starts them");
    }

    /// <summary>
    /// Runs a step's calls under a hang guard (twice the deadline: a step's own waiting is bounded by the deadline);
    /// a party that refuses or fails, or a call that does not return, fails the named expectation.
    /// </summary>
    private async Task<T> AttemptAsync<T>(string check, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        using var guard = new CancellationTokenSource(_deadline * 2, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, guard.Token);
        try
        {
            return await action(linked.Token);
        }
        catch (Exception e) when (guard.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }))
        {
            _report.Require(check, false, $"no answer within {(_deadline * 2).TotalSeconds:0} s");
            throw; // not reached: Require throws
        }
        catch (Exception e) when (e is PartyCallException or DemoSetupException or RpcException or TimeoutException or IOException or UnauthorizedAccessException
            or CryptographicException)
        {
            _report.Require(check, false, e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message);
            throw; // not reached: Require throws
        }
    }

    private PartyCli Node(string member) => _nodes[member];

    private static string Ms(long ms) => $"+{ms} ms";
}
