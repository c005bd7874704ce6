namespace HstFederation.Node.HubLink;

/// <summary>
/// How long a sender's loop (the outbox, the order outbox) waits after a pass: the poll interval, and after passes in a
/// row that stopped at something still retriable, twice as long each time up to the longest backoff. A pass can fail
/// before it calls the hub at all (no directory to seal with, a stale CRL) or after the call (a receipt that does not
/// verify), which the call's own backoff never sees: without this, a hub away for days, or a CRL stale for days, would
/// cost a try (and a call to the hub) every poll interval.
/// </summary>
internal sealed class PassBackoff(HubLinkOptions options)
{
    /// <summary>Passes in a row that failed (0 after one that did not).</summary>
    private int _failedPasses;

    public void Record(bool failed) => _failedPasses = failed ? _failedPasses + 1 : 0;

    public TimeSpan NextWait()
    {
        if (_failedPasses == 0)
        {
            return options.PollInterval;
        }

        // In doubles, capped before it becomes a TimeSpan: a long poll interval times 2^k overflows one.
        var backoff = Math.Min(options.PollInterval.Ticks * Math.Pow(2, Math.Min(_failedPasses, 30)), options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks(Math.Max((long)backoff, options.PollInterval.Ticks));
    }
}
