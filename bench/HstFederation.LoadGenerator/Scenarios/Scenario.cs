using System.Globalization;

namespace HstFederation.LoadGenerator.Scenarios;

/// <summary>One measured load: the same parameters drive the hub and the baselines it is compared with.</summary>
internal sealed record Scenario
{
    public required string Name { get; init; }

    public required LoadMode Mode { get; init; }

    /// <summary>Recipients of each message (all members other than the sender at most).</summary>
    public required int FanOut { get; init; }

    /// <summary>Serialized HST message size before encryption.</summary>
    public required int MessageBytes { get; init; }

    /// <summary>Messages in the timed phase.</summary>
    public required int Messages { get; init; }

    /// <summary>Messages submitted and delivered before the timed phase (connections, JIT, SQLite caches).</summary>
    public required int Warmup { get; init; }

    /// <summary>Members that submit, each over its own connection.</summary>
    public required int Senders { get; init; }

    /// <summary>Offered messages per second (open loop).</summary>
    public double Rate { get; init; }

    /// <summary>Submissions in flight at once (closed loop; also the warm-up's concurrency).</summary>
    public int InFlight { get; init; } = 8;

    /// <summary>One recipient reads its stream slowly (<see cref="SlowDelay"/> per delivery); it is left out of the all-delivered figures.</summary>
    public bool SlowSubscriber { get; init; }

    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public string Describe() => Mode == LoadMode.Open
        ? string.Create(CultureInfo.InvariantCulture, $"open loop at {Rate:0} msgs/s, fan-out {FanOut}, {MessageBytes} B messages, {Messages} msgs, {Senders} senders{(SlowSubscriber ? ", one slow subscriber" : string.Empty)}")
        : string.Create(CultureInfo.InvariantCulture, $"closed loop, {InFlight} in flight, fan-out {FanOut}, {MessageBytes} B messages, {Messages} msgs, {Senders} senders{(SlowSubscriber ? ", one slow subscriber" : string.Empty)}");
}
