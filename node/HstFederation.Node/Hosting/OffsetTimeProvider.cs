namespace HstFederation.Node.Hosting;

/// <summary>
/// A clock shifted by a fixed offset from another (Node:ClockOffset): lets a drill or an end-to-end test run one
/// node as if its machine's clock were wrong. Only the wall-clock time moves; timestamps and timers are the inner
/// clock's, so delays and timeouts keep their length.
/// </summary>
internal sealed class OffsetTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <summary><paramref name="clock"/> itself when <paramref name="offset"/> is zero, else the shifted clock.</summary>
    public static TimeProvider Apply(TimeProvider clock, TimeSpan offset) =>
        offset == TimeSpan.Zero ? clock : new OffsetTimeProvider(clock, offset);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
