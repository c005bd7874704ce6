namespace HstFederation.Demo.Federation;

/// <summary>The hub as federation.json describes it. The demo never calls it: nodes talk to the hub, agencies to nodes.</summary>
internal sealed record HubParty(string Identity, string Database, string Log);
