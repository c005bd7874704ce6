namespace HstFederation.Demo.Federation;

/// <summary>
/// The hub as federation.json describes it. The demo never calls its service (nodes talk to the hub, agencies to
/// nodes); it uses the hub operator's CLI line once, to ask for an analytical product.
/// </summary>
internal sealed record HubParty(string Identity, string Database, string Log, string CliLine);
