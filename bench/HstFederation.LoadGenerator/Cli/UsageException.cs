namespace HstFederation.LoadGenerator.Cli;

/// <summary>A bad command line: the message and the usage are printed, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
