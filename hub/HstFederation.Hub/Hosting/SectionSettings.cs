using System.ComponentModel.DataAnnotations;
using HstFederation.Hosting;

namespace HstFederation.Hub.Hosting;

/// <summary>
/// Binding and validating one configuration section at start, shared by the hub's options classes: every problem
/// names its setting, and all of them are reported at once.
/// </summary>
internal static class SectionSettings
{
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message names the setting ("... at 'Hub:Port' ..."); its inner one says why.
            throw new HubConfigurationException(ConfigurationProblems.Describe("hub", [$"{e.Message} {e.InnerException?.Message}".TrimEnd()]), e);
        }
    }

    /// <summary>The data-annotation problems of <paramref name="options"/>, each as "Section:Name: message".</summary>
    public static List<string> Problems(object options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }

    /// <summary>Throws one <see cref="HubConfigurationException"/> listing <paramref name="problems"/>, if any.</summary>
    public static void ThrowIfAny(IReadOnlyCollection<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new HubConfigurationException(ConfigurationProblems.Describe("hub", problems));
        }
    }
}
