namespace HstFederation.Node.Hosting;

/// <summary>
/// Which hub-link loop stopped the node (<see cref="HubLinkService"/>), if one did: `serve` then exits with
/// <see cref="Commands.NodeCommandLine.Failure"/>, so that a service manager restarting on failure restarts it.
/// </summary>
internal sealed class HubLinkFailure
{
    private string? _loop;

    /// <summary>The first loop that failed, or null while none has.</summary>
    public string? Loop => Volatile.Read(ref _loop);

    public void Record(string loop) => Interlocked.CompareExchange(ref _loop, loop, null);
}
