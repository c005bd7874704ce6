using System.Globalization;

namespace HstFederation.DevPki.Cli;

/// <summary>"--name value" options and "--flag" switches; anything unknown is a usage error.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private ParsedArguments()
    {
    }

    public bool Help => _flags.Contains("--help");

    public static ParsedArguments Parse(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flags)
    {
        var parsed = new ParsedArguments();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (arg is "--help" or "-h")
            {
                parsed._flags.Add("--help");
            }
            else if (flags.Contains(arg))
            {
                parsed._flags.Add(arg);
            }
            else if (valueOptions.Contains(arg))
            {
                if (!e.MoveNext() || e.Current.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"{arg} needs a value.");
                }

                if (!parsed._values.TryAdd(arg, e.Current))
                {
                    throw new UsageException($"{arg} is given twice.");
                }
            }
            else
            {
                throw new UsageException($"Unknown argument '{arg}'.");
            }
        }

        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Optional(name) ?? throw new UsageException($"{name} is required.");

    public int PositiveInt(string name, int defaultValue)
    {
        var text = Optional(name);
        if (text is null)
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"{name} must be a positive whole number, not '{text}'.");
    }
}
