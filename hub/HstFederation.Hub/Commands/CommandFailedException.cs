namespace HstFederation.Hub.Commands;

/// <summary>The command was understood but could not be carried out: exit 1. The message names the setting or file.</summary>
internal sealed class CommandFailedException(string message, Exception? inner = null) : Exception(message, inner);
