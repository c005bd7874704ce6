using System.Diagnostics;

namespace HstFederation.Demo.Federation;

/// <summary>
/// Takes one node of the running federation off the network and brings it back, with <c>./hst offline CC</c> and
/// <c>./hst online CC</c> (docs/local-federation.md): the process really stops, so the hub can only keep what is
/// addressed to it until it returns.
/// </summary>
internal sealed class NodeSwitch(string hstScript, FederationFile federation, TimeProvider time)
{
    public Task OfflineAsync(string member, CancellationToken cancellationToken) => RunAsync("offline", member, cancellationToken);

    public Task OnlineAsync(string member, CancellationToken cancellationToken) => RunAsync("online", member, cancellationToken);

    private async Task RunAsync(string verb, string member, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(hstScript);
        start.ArgumentList.Add(verb);
        start.ArgumentList.Add(member);
        start.Environment["HST_HOME"] = federation.Home;
        var result = await ProcessRunner.RunAsync(start, input: null, time, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PartyCallException($"./hst {verb} {member} failed (exit {result.ExitCode}): {result.Error.Trim()}");
        }
    }
}
