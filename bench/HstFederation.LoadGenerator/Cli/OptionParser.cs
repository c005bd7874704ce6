using HstFederation.LoadGenerator.Scenarios;

namespace HstFederation.LoadGenerator.Cli;

internal static class OptionParser
{
    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        var scenarios = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new UsageException($"{arg} needs a value.");
            string? Optional() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;

            options = arg switch
            {
                "--help" or "-h" or "help" => options with { Command = Command.Help },
                "baseline-server" when i == 0 => options with { Command = Command.BaselineServer },
                "run" when i == 0 => options with { Command = Command.Run },
                "--profile" => options with { Profile = Value() },
                "--scenario" => Add(options, scenarios, Value()),
                "--out" => options with { ResultsDirectory = Value() },
                "--json" => options with { Json = Value() },
                "--work" => options with { WorkDirectory = Value() },
                "--keep" => options with { Keep = true },
                "--max-backlog" => options with { MaxBacklog = Backlog(Value()) },
                "--scale" => options with { Scale = Scale(Value()) },
                "--warmup" => options with { Warmup = Warmup(Value()) },
                "--senders" => options with { Senders = Senders(Value()) },
                "--in-flight" => options with { InFlight = InFlight(Value()) },
                "--report" => options with { Command = Command.Report, ReportFile = Optional() },
                "--plots" => options with { Command = Command.Plots, ImagesDirectory = Value() },
                "--images" => options with { ImagesDirectory = Value() },
                "--pki" => options with { Pki = Value() },
                "--port-file" => options with { PortFile = Value() },
                _ => throw new UsageException($"Unknown argument '{arg}'."),
            };
        }

        Validate(options);
        return options with { Scenarios = scenarios };
    }

    private static double Scale(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var scale) && scale is > 0 and <= 100
            ? scale
            : throw new UsageException($"--scale must be a number above 0 and at most 100, not '{value}'.");

    private static int Warmup(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var warmup) && warmup <= 1_000_000
            ? warmup
            : throw new UsageException($"--warmup must be a whole number from 0 to 1000000, not '{value}'.");

    private static int Senders(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var senders) && senders is >= 1 and <= 1000
            ? senders
            : throw new UsageException($"--senders must be a whole number from 1 to 1000, not '{value}'.");

    private static int InFlight(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var inFlight) && inFlight is >= 1 and <= 4096
            ? inFlight
            : throw new UsageException($"--in-flight must be a whole number from 1 to 4096, not '{value}'.");

    private static int Backlog(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var backlog) && backlog >= 1
            ? backlog
            : throw new UsageException($"--max-backlog must be a whole number of at least 1, not '{value}'.");

    private static Options Add(Options options, List<string> scenarios, string name)
    {
        scenarios.Add(name);
        return options;
    }

    private static void Validate(Options options)
    {
        if (options.Command == Command.Run && Profiles.Find(options.Profile) is null)
        {
            throw new UsageException($"Unknown profile '{options.Profile}'; the profiles are {string.Join(", ", Profiles.Names)}.");
        }

        if (options.Command == Command.BaselineServer && (options.Pki is null || options.PortFile is null))
        {
            throw new UsageException("baseline-server needs --pki DIR and --port-file FILE.");
        }
    }
}
