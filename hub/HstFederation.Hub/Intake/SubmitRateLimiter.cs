using System.Collections.Concurrent;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intake;

/// <summary>
/// One token bucket per member (rate <see cref="HubOptions.SubmitRatePerSecond"/>, capacity
/// <see cref="HubOptions.SubmitBurst"/>), on the injected clock. A member over its rate is told when to
/// retry; other members are unaffected.
/// </summary>
internal sealed class SubmitRateLimiter(HubOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<PartyId, Bucket> _buckets = new();
    private readonly ConcurrentDictionary<PartyId, int> _inFlight = new();

    /// <summary>
    /// Admits one more submission of <paramref name="member"/> while fewer than
    /// <see cref="HubOptions.MaxSubmitsInFlightPerMember"/> are being processed; dispose the result when done.
    /// Bounds how many envelopes of one member sit in the hub's memory and write queue at once.
    /// </summary>
    public IDisposable Enter(PartyId member)
    {
        if (_inFlight.AddOrUpdate(member, 1, (_, n) => n + 1) > options.MaxSubmitsInFlightPerMember)
        {
            Leave(member);
            throw new HubRejectionException(StatusCode.ResourceExhausted, RejectionReason.RateLimited, $"{member} already has {options.MaxSubmitsInFlightPerMember} submissions in progress", TimeSpan.FromMilliseconds(100));
        }

        return new Slot(this, member);
    }

    private void Leave(PartyId member) => _inFlight.AddOrUpdate(member, 0, (_, n) => n - 1);

    public void Take(PartyId member)
    {
        var bucket = _buckets.GetOrAdd(member, _ => new Bucket(options.SubmitBurst, time.GetTimestamp()));
        var wait = bucket.TryTake(options.SubmitRatePerSecond, options.SubmitBurst, time);
        if (wait > TimeSpan.Zero)
        {
            throw new HubRejectionException(StatusCode.ResourceExhausted, RejectionReason.RateLimited, $"{member} is over {options.SubmitRatePerSecond} submissions per second", wait);
        }
    }

    private sealed class Slot(SubmitRateLimiter owner, PartyId member) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(member);
            }
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private long _stamp = stamp;

        /// <returns>Zero when a token was taken, else how long until one is available.</returns>
        public TimeSpan TryTake(int ratePerSecond, int capacity, TimeProvider time)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                _tokens = Math.Min(capacity, _tokens + (time.GetElapsedTime(_stamp, now).TotalSeconds * ratePerSecond));
                _stamp = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds((1 - _tokens) / ratePerSecond);
            }
        }
    }
}
