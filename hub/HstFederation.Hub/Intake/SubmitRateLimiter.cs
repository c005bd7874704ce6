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

    public void Take(PartyId member)
    {
        var bucket = _buckets.GetOrAdd(member, _ => new Bucket(options.SubmitBurst, time.GetTimestamp()));
        var wait = bucket.TryTake(options.SubmitRatePerSecond, options.SubmitBurst, time);
        if (wait > TimeSpan.Zero)
        {
            throw new HubRejectionException(StatusCode.ResourceExhausted, RejectionReason.RateLimited, $"{member} is over {options.SubmitRatePerSecond} submissions per second", wait);
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
