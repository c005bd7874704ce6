using HstFederation.Node.Commands;

namespace HstFederation.Node.Tests.Commands;

/// <summary>One in-process `hst-node` run: exit code and what it wrote.</summary>
internal sealed record CommandRun(int ExitCode, string Out, string Error)
{
    public static async Task<CommandRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await NodeCommandLine.RunAsync(args, stdout, stderr, TimeProvider.System);
        return new CommandRun(code, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Out}{Error}";
}
