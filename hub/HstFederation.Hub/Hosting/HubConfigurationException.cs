namespace HstFederation.Hub.Hosting;

/// <summary>The hub cannot start as configured; the message names the setting or file.</summary>
public sealed class HubConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
