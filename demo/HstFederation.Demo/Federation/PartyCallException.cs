namespace HstFederation.Demo.Federation;

/// <summary>A party's interface refused or failed a call; the message names the call and the party's reason.</summary>
internal sealed class PartyCallException(string message) : Exception(message);
