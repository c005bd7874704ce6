using System.Diagnostics;
using HstFederation.LoadGenerator.Baselines;
using HstFederation.LoadGenerator.Cli;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Load;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;
using HstFederation.LoadGenerator.Scenarios;
using HstFederation.LoadGenerator.Workload;

namespace HstFederation.LoadGenerator;

/// <summary>
/// A whole run: the federation (PKI + template database) once, the baseline server once, then for each
/// scenario the plan (sealed in advance), the hub, and the three baselines, each printed as it finishes.
/// A scenario that fails is recorded with its step and error and the run goes on with the next one; the
/// result file is written with whatever completed (cancellation alone ends the run without a file).
/// </summary>
internal sealed class LoadRun(Options options, TextWriter output, TextWriter? error = null)
{
    /// <summary>For tests: called as each step of a scenario starts (scenario, step); an exception it throws fails that step.</summary>
    internal Func<Scenario, string, Task>? OnStep { get; init; }

    public async Task<(RunResult Result, string JsonPath)> RunAsync(IReadOnlyList<string> commandLine, CancellationToken cancellationToken)
    {
        var profile = Profiles.Find(options.Profile)!;
        var scenarios = Select(profile);
        var work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("hst-load-").FullName;
        Directory.CreateDirectory(work);
        var startedAt = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var loadBefore = LoadAverage.Read();
        var scaled = options.Scale == 1.0 ? string.Empty : Format.Invariant($", message counts scaled by {options.Scale}");
        output.WriteLine($"Profile {profile.Name} ({profile.Purpose}{scaled}): {scenarios.Count} scenario(s), {profile.Members} members; load average {Format.LoadAverages(loadBefore)} on {Environment.ProcessorCount} cores; work directory {work}");
        var results = new List<ScenarioResult>();
        var failed = new List<ScenarioFailure>();
        try
        {
            output.WriteLine($"hst-hub init --dev-pki with {profile.Members} members …");
            using var federation = await BenchFederation.CreateAsync(work, profile.Members, cancellationToken);
            await using var baseline = await BaselineServerProcess.StartAsync(federation, cancellationToken);
            foreach (var scenario in scenarios)
            {
                var load = LoadAverage.Read();
                try
                {
                    var result = await RunScenarioAsync(scenario, federation, baseline, Path.Combine(work, scenario.Name), load, cancellationToken);
                    results.Add(result);
                    ConsoleTable.Write(output, result);
                }
                catch (ScenarioFailedException e)
                {
                    failed.Add(new ScenarioFailure
                    {
                        Name = scenario.Name,
                        Description = scenario.Describe(),
                        Step = e.Step,
                        Error = $"{e.InnerException!.GetType().Name}: {e.InnerException.Message}",
                        LoadAverage = load,
                    });
                    output.WriteLine();
                    output.WriteLine($"== {scenario.Name}: FAILED in {e.Step}: {e.InnerException.Message}");
                    error?.WriteLine($"Scenario {scenario.Name}: {e.Step} failed: {e.InnerException}");
                    TryDelete(Path.Combine(work, scenario.Name));
                }
            }
        }
        finally
        {
            if (!options.Keep && options.WorkDirectory is null)
            {
                TryDelete(work);
            }
        }

        var run = new RunResult
        {
            Profile = profile.Name,
            Purpose = profile.Purpose + scaled,
            Scale = options.Scale,
            CommandLine = string.Join(' ', commandLine),
            StartedAt = startedAt,
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Machine = MachineInfo.Current(),
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = LoadAverage.Read(),
            Scenarios = results,
            Failed = failed,
        };
        var path = ResultJson.Write(run, options.ResultsDirectory);
        output.WriteLine();
        output.WriteLine(Format.Invariant($"{(run.Complete ? "COMPLETE" : "INCOMPLETE")}: {results.Count} scenario(s) completed{(failed.Count > 0 ? $", {failed.Count} FAILED ({string.Join(", ", failed.Select(f => f.Name))})" : string.Empty)} in {run.DurationSeconds:0} s; load average {Format.LoadAverages(run.LoadAverageAfter)} at the end; result {path}"));
        return (run, path);
    }

    private async Task<ScenarioResult> RunScenarioAsync(
        Scenario scenario, BenchFederation federation, BaselineServerProcess baseline, string directory, double[] load, CancellationToken cancellationToken)
    {
        var step = "sealing";
        try
        {
            await Step(scenario, step);
            output.WriteLine();
            output.WriteLine($"[{scenario.Name}] sealing {scenario.Warmup} warm-up + {scenario.Messages} timed envelopes and writing their delivery receipts …");
            var plan = MessagePlan.Create(scenario, federation);
            step = "the hub run";
            await Step(scenario, step);
            output.WriteLine($"[{scenario.Name}] hub: warm-up of {scenario.Warmup} msgs (untimed, not in any figure), then {scenario.Messages} timed …");
            var rssInterval = scenario.Mode == LoadMode.Open && scenario.Messages / scenario.Rate > 60 ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500);
            var (hub, checks, receiptBytes) = await HubScenario.RunAsync(plan, federation, directory, rssInterval, options.MaxBacklog, cancellationToken);
            output.WriteLine($"[{scenario.Name}] baselines: echo, stream, SQLite …");
            step = "the echo baseline";
            await Step(scenario, step);
            var echo = await EchoBaseline.RunAsync(plan, baseline, federation, cancellationToken);
            step = "the stream baseline";
            await Step(scenario, step);
            var stream = await StreamBaseline.RunAsync(plan, baseline, federation, cancellationToken);
            step = "the SQLite baseline";
            await Step(scenario, step);
            var sqlite = SqliteBaseline.Run(plan, federation, directory, receiptBytes);
            if (!options.Keep)
            {
                // --keep leaves the scenario's hub database for inspection (e.g. what the writer stored per message).
                TryDelete(directory);
            }
            return Result(scenario, plan, load, hub, checks, echo, stream, sqlite);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ScenarioFailedException(step, e);
        }
    }

    private Task Step(Scenario scenario, string step) => OnStep?.Invoke(scenario, step) ?? Task.CompletedTask;

    private static ScenarioResult Result(
        Scenario scenario, MessagePlan plan, double[] load, HubFigures hub, Checks checks, EchoFigures echo, StreamFigures stream, SqliteFigures sqlite) =>
        new()
        {
            Name = scenario.Name,
            Description = scenario.Describe(),
            Mode = scenario.Mode.ToString().ToLowerInvariant(),
            FanOut = scenario.FanOut,
            MessageBytes = scenario.MessageBytes,
            EnvelopeBytes = plan.EnvelopeBytes,
            Messages = scenario.Messages,
            Warmup = scenario.Warmup,
            Senders = scenario.Senders,
            Subscribers = plan.Subscribers.Count,
            Rate = scenario.Rate,
            InFlight = scenario.InFlight,
            SlowSubscriber = scenario.SlowSubscriber,
            LoadAverage = load,
            Hub = hub,
            Echo = echo,
            Stream = stream,
            Sqlite = sqlite,
            Ratios = Ratios.Of(hub, echo, stream, sqlite),
            Checks = checks,
        };

    private List<Scenario> Select(Profile profile)
    {
        var unknown = options.Scenarios.Except(profile.Scenarios.Select(s => s.Name)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Profile {profile.Name} has no scenario {string.Join(", ", unknown)}; it has {string.Join(", ", profile.Scenarios.Select(s => s.Name))}.");
        }

        if (options.Senders is { } senders && senders > profile.Members)
        {
            throw new UsageException($"--senders {senders}: profile {profile.Name} enrols {profile.Members} members.");
        }

        return profile.Scenarios
            .Where(s => options.Scenarios.Count == 0 || options.Scenarios.Contains(s.Name))
            .Select(s => WithOptions(options, s))
            .ToList();
    }

    /// <summary>
    /// --scale scales the timed messages; the warm-up is --warmup N if given, else the default for the scaled count
    /// (<see cref="Scenario.DefaultWarmup"/>) or, for a scenario whose profile sets its own, that one scaled;
    /// --senders N replaces the scenario's number of sending members, --in-flight N a closed loop's submissions in flight.
    /// </summary>
    internal static Scenario WithOptions(Options options, Scenario s)
    {
        int Scaled(int count, int minimum) => Math.Max(minimum, (int)Math.Round(count * options.Scale));
        var messages = options.Scale == 1.0 ? s.Messages : Scaled(s.Messages, 10);
        var warmup = options.Warmup
            ?? (s.Warmup == Scenario.DefaultWarmup(s.Messages) ? Scenario.DefaultWarmup(messages) : options.Scale == 1.0 ? s.Warmup : Scaled(s.Warmup, 5));
        var inFlight = s.Mode == LoadMode.Closed ? options.InFlight ?? s.InFlight : s.InFlight;
        return s with { Messages = messages, Warmup = warmup, Senders = options.Senders ?? s.Senders, InFlight = inFlight };
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left behind in the temporary directory; nothing depends on it.
        }
    }
}
