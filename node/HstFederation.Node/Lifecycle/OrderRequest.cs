using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Lifecycle;

/// <summary>
/// What an operator asks of every version of a case: <see cref="Verb"/> for messages ("recall"), <see cref="Set"/> puts the
/// action in each order, <see cref="Check"/> refuses a version locally with the hub's own wording (null: fine), and
/// <see cref="ReviewDecision"/> (extended | lapsed) answers the hub's pending retention reviews. <see cref="MayWait"/> (a recall):
/// a version sealed for the hub and not answered yet is ordered too, the order pending until the hub accepts it.
/// </summary>
internal sealed record OrderRequest(
    string Verb, Action<LifecycleOrder> Set, Func<SentVersion, Handling, string?>? Check = null, string? ReviewDecision = null, bool MayWait = false);
