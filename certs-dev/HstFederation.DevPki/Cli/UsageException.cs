namespace HstFederation.DevPki.Cli;

/// <summary>Bad command-line arguments: reported with the command's usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
