namespace HstFederation.LoadGenerator.Scenarios;

/// <summary>
/// The profiles. <c>smoke</c> proves the tool works end to end in seconds (no figure from it means anything);
/// <c>full</c> is what docs/performance.md reports; <c>soak</c> watches the hub's memory for ten minutes with
/// a slow subscriber. Sender counts keep every member under the hub's per-member limits (16 submissions in
/// flight, 500 msgs/s): the generator measures capacity, not the rate limiter.
/// </summary>
internal static class Profiles
{
    public static IReadOnlyList<string> Names { get; } = ["smoke", "full", "soak"];

    public static Profile? Find(string name) => name switch
    {
        "smoke" => Smoke,
        "full" => Full,
        "soak" => Soak,
        _ => null,
    };

    private static Profile Smoke => new("smoke", "a seconds-long check that every part works; its figures mean nothing", 11,
    [
        Closed("closed-f1-1k", fanOut: 1, bytes: 1024, messages: 300, inFlight: 8, senders: 2),

        // A smaller warm-up than the default: the slow subscriber (50 ms per delivery) would take 10 s to read 200.
        Open("open-f10-4k-100-slow", fanOut: 10, bytes: 4096, rate: 100, seconds: 2, senders: 2) with { SlowSubscriber = true, Warmup = 40 },
    ]);

    /// <summary>
    /// The full profile's warm-ups keep a fresh hub busy for ≈ 15–20 s (closed loop, whatever the scenario's timed mode):
    /// its tiered JIT needs about that long under load to finish re-compiling what is hot, and with 10 % of the timed
    /// messages it was still at 12–31 % of a core in the timed phase (docs/performance.md, "The morning of 2026-11-30:
    /// measured warm"). The generator keeps these sealed envelopes for the echo baseline: ≈ 410 MB at 16 KB.
    /// </summary>
    private static Profile Full => new("full", "the figures of docs/performance.md", 196,
    [
        // Eight senders, eight submissions in flight each: with four (sixteen each) the hub's per-member limit refused 3–6 %
        // of them, retried 100 ms later, which made receipt p99 ≈ 70 ms instead of ≈ 30 and cost throughput; and 64 in
        // flight rather than 32 let the writer's batches grow, as a loop measuring the maximum should (docs/performance-log.md,
        // "Near midnight on 2026-11-30").
        Closed("closed-f1-1k", fanOut: 1, bytes: 1024, messages: 6000, inFlight: 64, senders: 8) with { Warmup = 24_000 },
        Closed("closed-f1-4k", fanOut: 1, bytes: 4096, messages: 6000, inFlight: 64, senders: 8) with { Warmup = 24_000 },
        Closed("closed-f1-16k", fanOut: 1, bytes: 16384, messages: 4000, inFlight: 64, senders: 8) with { Warmup = 20_000 },
        Closed("closed-f10-4k", fanOut: 10, bytes: 4096, messages: 3000, inFlight: 32, senders: 4) with { Warmup = 12_000 },
        Closed("closed-f195-4k", fanOut: 195, bytes: 4096, messages: 300, inFlight: 16, senders: 2) with { Warmup = 600 },
        Open("open-f10-4k-100", fanOut: 10, bytes: 4096, rate: 100, seconds: 20, senders: 2) with { Warmup = 12_000 },
        // 25 msgs/s per sender: a saturated hub's latency then keeps no member at its 16 submissions in flight, whose
        // refusals (retried after 100 ms) would otherwise make the latency tail (docs/performance.md, Members).
        Open("open-f10-4k-250", fanOut: 10, bytes: 4096, rate: 250, seconds: 20, senders: 10) with { Warmup = 12_000 },
        Open("open-f10-4k-500", fanOut: 10, bytes: 4096, rate: 500, seconds: 20, senders: 20) with { Warmup = 12_000 },
        // The default warm-up (200): the slow subscriber (50 ms per delivery) would otherwise start minutes behind.
        Open("open-f10-4k-100-slow", fanOut: 10, bytes: 4096, rate: 100, seconds: 20, senders: 2) with { SlowSubscriber = true },
    ]);

    private static Profile Soak => new("soak", "hub memory over ten minutes with one slow subscriber", 11,
    [
        // Not the default 10 % (6,000): the slow subscriber would start 5 minutes behind.
        Open("soak-f10-4k-100-slow", fanOut: 10, bytes: 4096, rate: 100, seconds: 600, senders: 2) with { SlowSubscriber = true, Warmup = 200 },
    ]);

    private static Scenario Closed(string name, int fanOut, int bytes, int messages, int inFlight, int senders) => new()
    {
        Name = name,
        Mode = LoadMode.Closed,
        FanOut = fanOut,
        MessageBytes = bytes,
        Messages = messages,
        Warmup = Scenario.DefaultWarmup(messages),
        InFlight = inFlight,
        Senders = senders,
    };

    private static Scenario Open(string name, int fanOut, int bytes, double rate, int seconds, int senders) => new()
    {
        Name = name,
        Mode = LoadMode.Open,
        FanOut = fanOut,
        MessageBytes = bytes,
        Rate = rate,
        Messages = (int)(rate * seconds),
        Warmup = Scenario.DefaultWarmup((int)(rate * seconds)),
        InFlight = 8,
        Senders = senders,
    };
}
