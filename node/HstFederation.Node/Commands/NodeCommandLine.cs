namespace HstFederation.Node.Commands;

/// <summary>Dispatches `hst-node &lt;command&gt;`. Exit codes: 0 ok, 1 failed, 2 bad arguments. Tests call it in-process.</summary>
internal static class NodeCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.Out, Console.Error, TimeProvider.System);

    public static Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        _ = stdout;
        _ = time;
        _ = cancellationToken;
        stderr.WriteLine("hst-node: the operator commands are being built; see docs/node.md.");
        return Task.FromResult(BadArguments);
    }
}
