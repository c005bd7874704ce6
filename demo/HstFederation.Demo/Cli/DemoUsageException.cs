namespace HstFederation.Demo.Cli;

/// <summary>A bad command line (exit 2); the usage follows the message.</summary>
internal sealed class DemoUsageException(string message) : Exception(message);
