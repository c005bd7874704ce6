using Google.Protobuf;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Scenarios;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.LoadGenerator.Workload;

/// <summary>
/// Everything a scenario sends, prepared before anything is timed: the warm-up messages, then the timed
/// ones, each sealed for its recipients with the sender's consecutive sequence numbers, and every recipient's
/// delivery receipt written in advance (each acknowledge call signs its receipts as one batch, as a node does).
/// Sender <c>s</c> (member s) addresses the <c>FanOut</c> members after it in member order, so the load spreads
/// over the recipients.
/// </summary>
internal sealed class MessagePlan
{
    private readonly Dictionary<Guid, int> _byMessageId;
    private readonly Dictionary<string, int> _memberByUri;
    private readonly PartyCredentials[] _credentials;

    private MessagePlan(
        Scenario scenario, PlannedMessage[] messages, int slowMember, int[] subscribers, Dictionary<string, int> memberByUri, PartyCredentials[] credentials)
    {
        _memberByUri = memberByUri;
        _credentials = credentials;
        Scenario = scenario;
        Messages = messages;
        SlowMember = slowMember;
        Subscribers = subscribers;
        _byMessageId = messages.ToDictionary(m => m.MessageId, m => m.Index);
    }

    public Scenario Scenario { get; }

    /// <summary>Warm-up messages first (<see cref="Scenario.Warmup"/>), then the timed ones.</summary>
    public IReadOnlyList<PlannedMessage> Messages { get; }

    public IEnumerable<PlannedMessage> WarmupMessages => Messages.Take(Scenario.Warmup);

    public IEnumerable<PlannedMessage> TimedMessages => Messages.Skip(Scenario.Warmup);

    /// <summary>The member whose subscriber reads slowly, or -1.</summary>
    public int SlowMember { get; }

    /// <summary>Every member that receives something: the recipients and the senders (which get relayed delivery receipts).</summary>
    public IReadOnlyList<int> Subscribers { get; }

    /// <summary>Serialized envelope size of the timed messages (all the same to within a few bytes).</summary>
    public int EnvelopeBytes => (int)TimedMessages.Average(m => m.EnvelopeBytes);

    /// <summary>Read-only once built, so subscribers on several threads may look up at once.</summary>
    public int IndexOf(Guid messageId) => _byMessageId.TryGetValue(messageId, out var index) ? index : -1;

    /// <summary>Member <paramref name="member"/>'s credentials: its subscriber signs its acknowledge calls' receipts with them.</summary>
    public PartyCredentials CredentialsOf(int member) => _credentials[member];

    /// <summary>The member with party URI <paramref name="uri"/>, or -1.</summary>

    public int MemberIndex(string uri) => _memberByUri.TryGetValue(uri, out var index) ? index : -1;

    public static MessagePlan Create(Scenario scenario, BenchFederation federation)
    {
        var memberCount = federation.Members.Count;
        if (scenario.FanOut < 1 || scenario.FanOut >= memberCount || scenario.Senders < 1 || scenario.Senders > memberCount)
        {
            throw new ArgumentException($"{scenario.Name}: fan-out {scenario.FanOut} and {scenario.Senders} senders need 1..{memberCount - 1} recipients among {memberCount} members.");
        }

        var now = TimeProvider.System.GetUtcNow();
        var recipientsOf = Enumerable.Range(0, scenario.Senders)
            .Select(s => Enumerable.Range(1, scenario.FanOut).Select(k => (s + k) % memberCount).ToArray())
            .ToArray();
        var contentOf = recipientsOf
            .Select(r => PaddedMessages.Create(now, r.Select(m => federation.Members[m].Code), scenario.MessageBytes))
            .ToArray();
        var keysOf = recipientsOf.Select(r => (IReadOnlyList<CertifiedKey>)r.Select(m => federation.Members[m].Credentials.Encryption).ToArray()).ToArray();

        var total = scenario.Warmup + scenario.Messages;
        var senders = new int[total];
        var sequences = new ulong[total];
        var next = new ulong[scenario.Senders];
        for (var i = 0; i < total; i++)
        {
            senders[i] = i % scenario.Senders;
            sequences[i] = ++next[senders[i]];
        }

        var messages = new PlannedMessage[total];
        Parallel.For(
            0,
            total,
            () => new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions),
            (i, _, sealer) =>
            {
                var s = senders[i];
                var sender = federation.Members[s].Credentials;
                var sealedEnvelope = sealer.Seal(contentOf[s], sender, keysOf[s], new SealOptions { Sequence = sequences[i] });
                var bytes = sealedEnvelope.Bytes.ToArray();
                var receipts = recipientsOf[s]
                    .Select(r => ReceiptStatement(sealedEnvelope, sender.Party.Uri, federation.Members[r].Credentials, now))
                    .ToArray();
                messages[i] = new PlannedMessage(
                    i, s, recipientsOf[s], new SubmitRequest { Envelope = UnsafeByteOperations.UnsafeWrap(bytes) },
                    new Guid(sealedEnvelope.MessageId.Span), bytes.Length, receipts);
                return sealer;
            },
            _ => { });

        var slow = scenario.SlowSubscriber ? recipientsOf[0][^1] : -1;
        var subscribers = recipientsOf.SelectMany(r => r).Concat(Enumerable.Range(0, scenario.Senders)).Distinct().Order().ToArray();
        var memberByUri = federation.Members.ToDictionary(m => m.Credentials.Party.Uri, m => m.Index, StringComparer.Ordinal);
        return new MessagePlan(scenario, messages, slow, subscribers, memberByUri, federation.Members.Select(m => m.Credentials).ToArray());
    }

    /// <summary>
    /// The recipient's receipt, as a node's inbox writes it once it stored the message, serialized and not yet signed;
    /// received_at is the preparation time (the hub checks only that the recipient's key was valid then and is now).
    /// </summary>
    private static ByteString ReceiptStatement(SealedEnvelope envelope, string senderUri, PartyCredentials recipient, DateTimeOffset now) =>
        new DeliveryReceipt
        {
            Version = ProtocolVersions.Current,
            MessageId = envelope.Header.MessageId,
            HeaderSha256 = ByteString.CopyFrom(envelope.HeaderSha256.Span),
            Sender = senderUri,
            Recipient = recipient.Party.Uri,
            ReceivedAtMs = now.ToUnixTimeMilliseconds(),
        }.ToByteString();
}
