namespace HstFederation.Hosting;

/// <summary>
/// One problem of the configuration, as a line naming its key. <see cref="UnknownOnCommandLine"/>: a key no setting binds to,
/// given on the command line, which is a usage error (exit 2); the rest fail the command (exit 1), as a value out of range does.
/// </summary>
public sealed record SettingProblem(string Message, bool UnknownOnCommandLine);
