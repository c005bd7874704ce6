namespace HstFederation.Hub.Commands;

/// <summary>Dispatches `hst-hub &lt;command&gt;`. Exit codes: 0 ok, 1 failed, 2 bad arguments.</summary>
internal static class HubCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("hst-hub: no commands yet");
        return Task.FromResult(args.Length == 0 ? 2 : 2);
    }
}
