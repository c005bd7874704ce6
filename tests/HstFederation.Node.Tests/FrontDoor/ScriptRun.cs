namespace HstFederation.Node.Tests.FrontDoor;

/// <summary>A finished run of the <c>hst</c> script: exit code and what it printed.</summary>
internal sealed record ScriptRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Out}{Error}";
}
