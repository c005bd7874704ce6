namespace HstFederation.Demo.Reporting;

/// <summary>
/// One message of the scenario in the summary: who sent it through which interface to whom, the hub's acceptance,
/// which addressees stored it and from which the sender holds a signed delivery receipt; times in ms after queueing.
/// </summary>
internal sealed record MessageSummary(
    string Name,
    string From,
    IReadOnlyList<string> To,
    string Interface,
    bool HubMayRead,
    string? MessageId,
    string State,
    long? HubSequence,
    long? AcceptedMs,
    IReadOnlyList<string> DeliveredTo,
    IReadOnlyList<string> ReceiptsFrom);
