namespace HstFederation.Hub.Commands;

/// <summary>The command line is wrong (unknown command or option, missing argument): exit 2 with the usage.</summary>
internal sealed class CommandUsageException(string message) : Exception(message);
