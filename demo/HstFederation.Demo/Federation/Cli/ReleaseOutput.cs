namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node release HIT --json</c>: what the hub answered to the NCB's signed consent.</summary>
internal sealed record ReleaseOutput(string HitId, string MessageId, string To, string Outcome, bool Duplicate, string? Reason, string? Detail);
