namespace HstFederation.LoadGenerator.Results;

/// <summary>Baseline (b): plain gRPC server streams of envelope-sized payloads to as many subscribers, each on its own connection.</summary>
internal sealed record StreamFigures
{
    public required int Subscribers { get; init; }

    public required int PerSubscriber { get; init; }

    public required int PayloadBytes { get; init; }

    public required double DeliveriesPerSecond { get; init; }

    public required double CpuSecondsPerDelivery { get; init; }

    public required long PeakRssBytes { get; init; }

    public required double ElapsedSeconds { get; init; }
}
