using HstFederation.LoadGenerator.Measure;

namespace HstFederation.LoadGenerator.Results;

/// <summary>Baseline (a): plain unary gRPC echo of the same envelopes over the same mutual TLS, same load shape.</summary>
internal sealed record EchoFigures
{
    public required int Calls { get; init; }

    public required double CallsPerSecond { get; init; }

    public required LatencySummary Latency { get; init; }

    public required double CpuSecondsPerCall { get; init; }

    public required long PeakRssBytes { get; init; }

    public required double ElapsedSeconds { get; init; }
}
