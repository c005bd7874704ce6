namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>How an operator command ended: its exit code and what it printed.</summary>
internal sealed record CliResult(string CommandLine, int ExitCode, string Out, string Error)
{
    public override string ToString() => $"'{CommandLine}' exited {ExitCode}\n{Out}{Error}";
}
