namespace HstFederation.Node.Commands;

/// <summary>The command was understood but could not be carried out: exit 1. The message says why and what to do.</summary>
internal sealed class CommandFailedException(string message, Exception? inner = null) : Exception(message, inner);
