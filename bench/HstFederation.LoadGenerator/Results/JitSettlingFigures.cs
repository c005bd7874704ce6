namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// The wait after the warm-up for the hub's tiered JIT to go quiet (<see cref="Measure.JitSettling"/>), in seconds, and
/// whether it ended quiet rather than at the limit (or with the hub gone).
/// </summary>
internal sealed record JitSettlingFigures(double WaitedSeconds, bool Settled);
