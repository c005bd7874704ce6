using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HstFederation.Benchmarks;

/// <summary>
/// One short in-process job for everything, so that a full run stays at about eleven minutes on two
/// cores and every figure comes from the same process (ratios between them are what matters).
/// In-process: no second build of a generated project, and the fixture is built once. NodeSendBenchmarks alone warms
/// up longer (its own attribute says why).
/// </summary>
public static class BenchmarkConfig
{
    public const string JobId = "InProcessShort";

    public static IConfig Create() => ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId(JobId))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddExporter(JsonExporter.Brief)
        .WithOptions(ConfigOptions.JoinSummary);
}
