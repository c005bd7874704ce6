namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// The warm-up's two waits for the hub's tiered JIT to go quiet (<see cref="Measure.JitSettling"/>), in seconds together,
/// and whether both ended quiet rather than at the limit.
/// </summary>
internal sealed record JitSettlingFigures(double WaitedSeconds, bool Settled);
