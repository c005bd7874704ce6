using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace HstFederation.Hosting;

/// <summary>
/// What the configuration binder lets pass silently or reports badly, checked before it binds: a key under the
/// program's section that no option binds to (a misspelled setting would otherwise be ignored, and `init` would save it),
/// a value that does not convert to its setting's type (the binder's message drops the key), and a list setting given as
/// one value (which the binder drops). Each problem is one
/// line naming the key, where it was given, and the likely intended name or the expected form.
/// </summary>
public static class SettingsCheck
{
    /// <summary>The problems of the keys under <paramref name="section"/>, bound to <paramref name="type"/>; <paramref name="subsections"/> are bound to their own types.</summary>
    public static List<SettingProblem> Problems(IConfiguration configuration, string section, Type type, IReadOnlyDictionary<string, Type>? subsections = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<SettingProblem>();
        MisspelledSections(configuration, section, problems);
        Walk(configuration, configuration.GetSection(section), type, subsections ?? new Dictionary<string, Type>(), problems);
        return problems;
    }

    /// <summary>
    /// A section whose name is one edit from the program's ("Hb", "Hubs", "Nodes") in a settings file or on the command line:
    /// every setting under it would be ignored without a word. The environment is left out: it holds every variable of the
    /// process, and an unrelated one must never stop a start.
    /// </summary>
    private static void MisspelledSections(IConfiguration configuration, string section, List<SettingProblem> problems)
    {
        foreach (var child in configuration.GetChildren())
        {
            if (!string.Equals(child.Key, section, StringComparison.OrdinalIgnoreCase)
                && child.GetChildren().Any()
                && Distance(child.Key.ToUpperInvariant(), section.ToUpperInvariant()) == 1
                && Problem(configuration, child.Path, $"{child.Path} is not a section (did you mean {section}?): nothing under it is read.", unknown: true) is { } problem
                && !problem.Message.EndsWith("(in the environment).", StringComparison.Ordinal))
            {
                problems.Add(problem);
            }
        }
    }

    private static void Walk(IConfiguration configuration, IConfigurationSection section, Type type, IReadOnlyDictionary<string, Type> subsections, List<SettingProblem> problems)
    {
        // The binder matches property names without regard to case, and binds public settable properties (and collections it can add to).
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true || IsCollection(p.PropertyType))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (subsections.FirstOrDefault(s => string.Equals(s.Key, child.Key, StringComparison.OrdinalIgnoreCase)).Value is { } subtype)
            {
                Walk(configuration, child, subtype, new Dictionary<string, Type>(), problems);
            }
            else if (!properties.TryGetValue(child.Key, out var property))
            {
                var known = properties.Keys.Concat(subsections.Keys).ToList();
                var closest = Closest(child.Key, known);
                var hint = closest is null ? string.Empty : $" (did you mean {section.Path}:{closest}?)";
                problems.Add(Problem(configuration, child.Path, $"{child.Path} is not a setting{hint}.", unknown: true));
            }
            else
            {
                CheckValue(configuration, child, property.PropertyType, problems);
            }
        }
    }

    private static void CheckValue(IConfiguration configuration, IConfigurationSection setting, Type type, List<SettingProblem> problems)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string) || IsScalar(target))
        {
            if (setting.GetChildren().Any())
            {
                var under = string.Join(", ", setting.GetChildren().Select(c => c.Path));
                problems.Add(Problem(configuration, setting.Path, $"{setting.Path} takes one value, not settings under it ({under}).", unknown: true));
            }
            else if (setting.Value is { } value && !Converts(value, target, nullable: target != type))
            {
                problems.Add(Problem(configuration, setting.Path, $"{setting.Path}: '{value}' is not {Expected(target)}.", unknown: false));
            }
        }
        else if (IsCollection(target))
        {
            var element = target.IsArray ? target.GetElementType()! : target.GetGenericArguments().FirstOrDefault() ?? typeof(string);
            if (!string.IsNullOrEmpty(setting.Value))
            {
                // The binder fills a list only from indexed keys and drops a single value without a word.
                problems.Add(Problem(configuration, setting.Path,
                    $"{setting.Path} is a list: '{setting.Value}' given as one value would be ignored; give each item its index ({setting.Path}:0={setting.Value}, {setting.Path}:1=…, or a JSON array in a settings file).",
                    unknown: false));
            }

            foreach (var item in setting.GetChildren())
            {
                CheckValue(configuration, item, element, problems);
            }
        }
        else
        {
            Walk(configuration, setting, target, new Dictionary<string, Type>(), problems);
        }
    }

    private static bool IsScalar(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(Uri);

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    /// <summary>As the binder converts: the type's converter with the invariant culture; an empty value leaves a nullable setting unset.</summary>
    private static bool Converts(string value, Type type, bool nullable)
    {
        if (type == typeof(string) || (nullable && value.Length == 0))
        {
            return true;
        }

        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Expected(Type type) =>
        type == typeof(TimeSpan) ? "a TimeSpan (use hh:mm:ss or d.hh:mm:ss, e.g. 00:00:05 for 5 seconds, 1.00:00:00 for a day)"
        : type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) || type == typeof(decimal) ? "a number (e.g. 0.85)"
        : type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type))}"
        : $"a {type.Name}";

    /// <summary>A known name within a few edits of <paramref name="key"/>, or null.</summary>
    private static string? Closest(string key, IEnumerable<string> known) =>
        known.Select(name => (Name: name, Distance: Distance(key.ToUpperInvariant(), name.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 4))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>The problem with where the key was given: the last source that holds it (the one that wins).</summary>
    private static SettingProblem Problem(IConfiguration configuration, string path, string message, bool unknown)
    {
        var provider = (configuration as IConfigurationRoot)?.Providers.Reverse().FirstOrDefault(p => Holds(p, path));
        var origin = provider switch
        {
            CommandLineConfigurationProvider => "on the command line",
            EnvironmentVariablesConfigurationProvider => "in the environment",
            FileConfigurationProvider file when file.Source.Path is { } name => $"in {FullPath(file.Source, name)}",
            _ => null,
        };
        return new SettingProblem(origin is null ? message : $"{message.TrimEnd('.')} ({origin}).", unknown && provider is CommandLineConfigurationProvider);
    }

    private static bool Holds(IConfigurationProvider provider, string path) =>
        provider.TryGet(path, out _) || provider.GetChildKeys([], path).Any();

    private static string FullPath(FileConfigurationSource source, string name) =>
        source.FileProvider?.GetFileInfo(name).PhysicalPath ?? name;
}
