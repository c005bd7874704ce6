namespace HstFederation.Node.Storage;

/// <summary>
/// How a quarantined delivery or an alarm was resolved: <see cref="By"/> is the operator (<c>operator:&lt;user&gt;</c>, with
/// <see cref="Note"/>), or, for a gap the hub's withdrawals explained, <c>hub notice &lt;message id&gt;</c> (no note).
/// </summary>
internal sealed record Resolution(long AtMs, string By, string? Note);
