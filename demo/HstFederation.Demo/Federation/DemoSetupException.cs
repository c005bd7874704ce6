namespace HstFederation.Demo.Federation;

/// <summary>The demo cannot run at all (no readable federation.json, a tool missing); the message says what to do.</summary>
internal sealed class DemoSetupException(string message) : Exception(message);
