namespace HstFederation.Node.HubLink;

/// <summary>
/// When a pass that fails at every poll (the hub unreachable, its directory not to be had) is worth a Warning: at its first
/// failure, when the kind of failure changes, and every <see cref="RepeatEvery"/> while it lasts — not once a second for the
/// length of an outage, which buries every other line of the log. Between those it is said at Debug. The first pass that no
/// longer fails ends the outage, and how long it lasted is said once.
/// </summary>
internal sealed class RepeatedFailure(TimeProvider time)
{
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(15);

    private string? _kind;
    private DateTimeOffset _since;
    private DateTimeOffset _said;

    /// <summary>Records a failed pass; true when it is to be said at Warning. <paramref name="since"/>: when the failures began.</summary>
    public bool Failed(Exception error, out DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(error);
        var now = time.GetUtcNow();
        var kind = Kind(error);
        var say = _kind is null || kind != _kind || now - _said >= RepeatEvery;
        if (_kind is null)
        {
            _since = now;
        }

        _kind = kind;
        if (say)
        {
            _said = now;
        }

        since = _since;
        return say;
    }

    /// <summary>A pass that did not fail: how long the failures lasted when there were any, else null.</summary>
    public TimeSpan? Succeeded()
    {
        if (_kind is null)
        {
            return null;
        }

        _kind = null;
        return time.GetUtcNow() - _since;
    }

    /// <summary>The failure's kind: its type, and the gRPC status for a call that failed (the details vary from call to call).</summary>
    private static string Kind(Exception error) =>
        error is Grpc.Core.RpcException rpc ? $"{nameof(Grpc.Core.RpcException)}:{rpc.StatusCode}" : error.GetType().Name;
}
