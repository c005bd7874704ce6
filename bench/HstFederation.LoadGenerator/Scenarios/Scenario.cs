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

    /// <summary>
    /// Separately sealed messages submitted, delivered, acknowledged and relayed before the timed phase (connections,
    /// TLS sessions, JIT tiering, SQLite caches) and left out of every figure; 0 disables. The profiles use
    /// <see cref="DefaultWarmup"/> unless they say otherwise; <c>--warmup N</c> overrides it.
    /// </summary>
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

    /// <summary>The default warm-up: 10 % of the timed messages, at least 200 (2 s of an open-loop scenario of 20 s).</summary>
    public static int DefaultWarmup(int messages) => Math.Max(200, messages / 10);

    public string Describe() => Mode == LoadMode.Open
        ? string.Create(CultureInfo.InvariantCulture, $"open loop at {Rate:0} msgs/s, fan-out {FanOut}, {MessageBytes} B messages, {Messages} msgs after {Warmup} warm-up msgs (untimed), {Senders} senders{(SlowSubscriber ? ", one slow subscriber" : string.Empty)}")
        : string.Create(CultureInfo.InvariantCulture, $"closed loop, {InFlight} in flight, fan-out {FanOut}, {MessageBytes} B messages, {Messages} msgs after {Warmup} warm-up msgs (untimed), {Senders} senders{(SlowSubscriber ? ", one slow subscriber" : string.Empty)}");
}
