using BenchmarkDotNet.Running;
using HstFederation.Benchmarks;

// Benchmarks:  dotnet run -c Release --project bench/HstFederation.Benchmarks -- --filter '*'
// Report:      dotnet run -c Release --project bench/HstFederation.Benchmarks -- --report [docs/performance.md]
if (args.Length > 0 && args[0] == "--report")
{
    return PerformanceReport.Run(args.Skip(1).ToArray());
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
