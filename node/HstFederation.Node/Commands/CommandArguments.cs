using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>
/// A command's arguments: positionals, "--name value" options, the --json, --help and --config flags, and
/// settings in configuration form ("--Node:DatabasePath=x" or "--Node:DatabasePath x"), kept apart for the
/// configuration. Flags (options without a value, or with yes or no) are declared per command.
/// </summary>
internal sealed class CommandArguments
{
    public const string JsonFlag = "--json";
    public const string HelpFlag = "--help";
    public const string ConfigOption = "--config";

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];
    private readonly List<string> _settings = [];
    private readonly Dictionary<string, bool> _flags = new(StringComparer.Ordinal);

    /// <summary>The options the command has read (<see cref="Optional"/>, <see cref="Flag"/>): the rest do not apply to it.</summary>
    private readonly HashSet<string> _used = new(StringComparer.Ordinal) { ConfigOption };

    /// <summary>Every argument but --help, in the order given: an option with its value, or one word (<see cref="Echo"/>).</summary>
    private readonly List<(string Argument, string? Value)> _given = [];

    private CommandArguments()
    {
    }

    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Settings as "--Section:Key=value", for AddCommandLine.</summary>
    public IReadOnlyList<string> Settings => _settings;

    public bool Json { get; private set; }

    public bool Help { get; private set; }

    /// <summary>The configuration file named by --config, read before environment variables and --Node:* settings.</summary>
    public string? ConfigFile => Optional(ConfigOption);

    public static CommandArguments Parse(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string>? flags = null)
    {
        var parsed = new CommandArguments();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (arg is HelpFlag or "-h")
            {
                parsed.Help = true;
            }
            else if (arg == JsonFlag)
            {
                parsed.Json = true;
                parsed._given.Add((arg, null));
            }
            else if (IsSetting(arg))
            {
                var setting = arg.Contains('=', StringComparison.Ordinal) ? arg : $"{arg}={Next(list, ref i, arg)}";
                parsed._settings.Add(setting);
                parsed._given.Add((setting, null));
            }
            else if (flags?.Contains(arg) == true)
            {
                // A flag may say yes or no ("--hub-may-read no"); alone it means yes.
                var word = i + 1 < list.Count && list[i + 1].ToLowerInvariant() is "yes" or "no" ? list[++i].ToLowerInvariant() : null;
                if (!parsed._flags.TryAdd(arg, word != "no"))
                {
                    throw new CommandUsageException($"{arg} is given twice.");
                }

                parsed._given.Add((arg, word));
            }
            else if (valueOptions.Contains(arg) || arg == ConfigOption)
            {
                var value = Next(list, ref i, arg);
                if (!parsed._values.TryAdd(arg, value))
                {
                    throw new CommandUsageException($"{arg} is given twice.");
                }

                parsed._given.Add((arg, value));
            }
            else if (arg.StartsWith('-'))
            {
                throw new CommandUsageException($"unknown option '{arg}'.");
            }
            else
            {
                parsed._positionals.Add(arg);
                parsed._given.Add((arg, null));
            }
        }

        return parsed;
    }

    public string? Optional(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    /// <summary>
    /// Refuses the options given that the command has not read: a command declares every option of all its forms, so
    /// "agencies disable bp --submit no" parses, but only 'add' and 'scope' read --submit. Called once the command has read
    /// its arguments and before it acts (<see cref="CommandContext.Settings"/>), so nothing was done.
    /// </summary>
    public void RefuseUnused()
    {
        var unused = _values.Keys.Concat(_flags.Keys).Where(o => !_used.Contains(o)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new CommandUsageException(
                $"{string.Join(", ", unused)} {(unused.Count == 1 ? "does" : "do")} not apply to this use of the command; nothing was done (the usage below says which options each form takes).");
        }
    }

    /// <summary>
    /// The arguments as given, in order, without the options <paramref name="except"/> (and their values), each word
    /// quoted for a POSIX shell where it needs it: to print a command the operator can run again (the "More:" line).
    /// </summary>
    public string Echo(params string[] except) =>
        string.Join(' ', _given.Where(a => !except.Contains(a.Argument, StringComparer.Ordinal))
            .SelectMany(a => a.Value is null ? [a.Argument] : new[] { a.Argument, a.Value })
            .Select(ShellWord));

    /// <summary>A flag: null when absent, true when given alone or with "yes", false with "no".</summary>
    public bool? Flag(string name)
    {
        _used.Add(name);
        return _flags.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>A comma-separated list option ("--to DE,IT"), trimmed, empty entries dropped; empty when absent.</summary>
    public IReadOnlyList<string> List(string name) =>
        Optional(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>
    /// A list option of member codes ("--to DE,it"), upper-cased and each once. A code that is not an assigned ISO 3166-1
    /// alpha-2 code is a usage error naming it as typed: left to the message's validation it would be reported under the
    /// message's field path ("handling.addressees.members[0]"), which the operator never typed.
    /// </summary>
    public IReadOnlyList<string> MemberCodes(string name)
    {
        var given = List(name);
        if (given.FirstOrDefault(c => !CountryCodes.IsAssigned(c.ToUpperInvariant())) is { } wrong)
        {
            throw new CommandUsageException(
                $"{name}: '{Display.Safe(wrong)}' is not an ISO 3166-1 alpha-2 member code (two letters, e.g. DE; several are separated by commas: {name} DE,IT).");
        }

        return given.Select(c => c.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A positive whole number option, or <paramref name="fallback"/> when absent.</summary>
    public int PositiveInt(string name, int fallback, int max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max
            ? value
            : throw new CommandUsageException($"{name} must be a whole number from 1 to {max}, not '{text}'.");
    }

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

    private static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,:/=@+%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Next(List<string> args, ref int i, string option) =>
        i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
            ? args[++i]
            : throw new CommandUsageException($"{option} needs a value.");
}
