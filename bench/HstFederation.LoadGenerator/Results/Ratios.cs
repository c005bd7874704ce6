namespace HstFederation.LoadGenerator.Results;

/// <summary>Each hub figure divided by its baseline from the same run (absolute figures drift on shared machines; these less).</summary>
internal sealed record Ratios
{
    /// <summary>Accepted msgs/s ÷ echo calls/s (issue target at fan-out 1: ≥ 0.5).</summary>
    public double AcceptedToEcho { get; init; }

    /// <summary>Accepted msgs/s ÷ raw SQLite msgs/s at the hub's batch size.</summary>
    public double AcceptedToSqlite { get; init; }

    /// <summary>Deliveries/s ÷ plain stream deliveries/s (issue target at fan-out 195: ≥ 0.6).</summary>
    public double DeliveriesToStream { get; init; }

    /// <summary>submit→receipt ÷ echo latency at p50, p90, p99, max.</summary>
    public double[] ReceiptToEcho { get; init; } = [];

    /// <summary>submit→all-delivered ÷ echo latency at p50, p90, p99, max.</summary>
    public double[] AllDeliveredToEcho { get; init; } = [];

    /// <summary>Hub CPU per message ÷ baseline server CPU per echo call.</summary>
    public double CpuToEcho { get; init; }

    /// <summary>Hub peak RSS ÷ baseline server peak RSS.</summary>
    public double PeakRssToEcho { get; init; }

    public static Ratios Of(HubFigures hub, EchoFigures echo, StreamFigures stream, SqliteFigures sqlite) => new()
    {
        AcceptedToEcho = Divide(hub.AcceptedPerSecond, echo.CallsPerSecond),
        AcceptedToSqlite = Divide(hub.AcceptedPerSecond, sqlite.MessagesPerSecond),
        DeliveriesToStream = Divide(hub.DeliveriesPerSecond, stream.DeliveriesPerSecond),
        ReceiptToEcho =
        [
            Divide(hub.Receipt.P50, echo.Latency.P50), Divide(hub.Receipt.P90, echo.Latency.P90),
            Divide(hub.Receipt.P99, echo.Latency.P99), Divide(hub.Receipt.Max, echo.Latency.Max),
        ],
        AllDeliveredToEcho =
        [
            Divide(hub.AllDelivered.P50, echo.Latency.P50), Divide(hub.AllDelivered.P90, echo.Latency.P90),
            Divide(hub.AllDelivered.P99, echo.Latency.P99), Divide(hub.AllDelivered.Max, echo.Latency.Max),
        ],
        CpuToEcho = Divide(hub.CpuSecondsPerMessage, echo.CpuSecondsPerCall),
        PeakRssToEcho = Divide(hub.PeakRssBytes, echo.PeakRssBytes),
    };

    private static double Divide(double value, double baseline) =>
        baseline > 0 && !double.IsNaN(value) && !double.IsNaN(baseline) ? Math.Round(value / baseline, 3) : double.NaN;
}
