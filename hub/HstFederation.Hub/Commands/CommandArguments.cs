namespace HstFederation.Hub.Commands;

/// <summary>
/// A command's arguments: positionals, "--name value" options, the command's own flags, the --json and --help flags, --config, and settings
/// in configuration form ("--Hub:DatabasePath=x" or "--Hub:DatabasePath x"), kept apart for the configuration.
/// </summary>
internal sealed class CommandArguments
{
    public const string JsonFlag = "--json";
    public const string HelpFlag = "--help";
    public const string ConfigOption = "--config";

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];
    private readonly List<string> _settings = [];

    private CommandArguments()
    {
    }

    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Settings as "--Section:Key=value", for AddCommandLine.</summary>
    public IReadOnlyList<string> Settings => _settings;

    public bool Json { get; private set; }

    public bool Help { get; private set; }

    /// <summary>The configuration file named by --config, read after appsettings.json and before environment variables and --Hub:* settings.</summary>
    public string? ConfigFile => Optional(ConfigOption);

    /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> are the command's own value-less options (--yes).</summary>
    public static CommandArguments Parse(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string>? flags = null)
    {
        var parsed = new CommandArguments();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (arg is HelpFlag or "-h")
            {
                parsed.Help = true;
            }
            else if (arg == JsonFlag)
            {
                parsed.Json = true;
            }
            else if (IsSetting(arg))
            {
                parsed._settings.Add(arg.Contains('=', StringComparison.Ordinal) ? arg : $"{arg}={Next(e, arg)}");
            }
            else if (flags?.Contains(arg) == true)
            {
                parsed._flags.Add(arg);
            }
            else if (valueOptions.Contains(arg) || arg == ConfigOption)
            {
                if (!parsed._values.TryAdd(arg, Next(e, arg)))
                {
                    throw new CommandUsageException($"{arg} is given twice.");
                }
            }
            else if (arg.StartsWith('-'))
            {
                throw new CommandUsageException($"unknown option '{arg}'.");
            }
            else
            {
                parsed._positionals.Add(arg);
            }
        }

        return parsed;
    }

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    /// <summary>Whether the flag <paramref name="name"/> (one of the command's <see cref="IHubCommand.Flags"/>) was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);

    public string Required(string name) => Optional(name) ?? throw new CommandUsageException($"{name} is required.");

    /// <summary>Exactly <paramref name="names"/>.Length positionals, or a usage error naming what is missing or extra.</summary>
    public void ExpectPositionals(params string[] names)
    {
        if (_positionals.Count < names.Length)
        {
            throw new CommandUsageException($"missing {names[_positionals.Count]}.");
        }

        if (_positionals.Count > names.Length)
        {
            throw new CommandUsageException($"unexpected argument '{_positionals[names.Length]}'.");
        }
    }

    private static bool IsSetting(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var key = arg.Split('=', 2)[0];
        return key.Contains(':', StringComparison.Ordinal);
    }

    private static string Next(IEnumerator<string> e, string option) =>
        e.MoveNext() && !e.Current.StartsWith("--", StringComparison.Ordinal)
            ? e.Current
            : throw new CommandUsageException($"{option} needs a value.");
}
