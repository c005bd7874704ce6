using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Retention;

/// <summary>Reads and validates <see cref="RetentionOptions"/>; every problem names its setting.</summary>
internal static class RetentionSettings
{
    public static RetentionOptions Read(IConfiguration configuration)
    {
        var options = SectionSettings.Bind<RetentionOptions>(configuration, RetentionOptions.Section);
        SectionSettings.ThrowIfAny(SectionSettings.Problems(options, RetentionOptions.Section));
        return options;
    }
}
