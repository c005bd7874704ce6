namespace HstFederation.Node.Commands;

/// <summary>The command line is wrong; the message says what, and the command's help is printed after it.</summary>
internal sealed class CommandUsageException(string message) : Exception(message);
