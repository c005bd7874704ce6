using HstFederation.Hub.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>Reads and validates <see cref="ProductOptions"/> at start; every problem names its setting.</summary>
internal static class ProductSettings
{
    public static ProductOptions Read(IConfiguration configuration)
    {
        var options = SectionSettings.Bind<ProductOptions>(configuration, ProductOptions.Section);
        var problems = SectionSettings.Problems(options, ProductOptions.Section);
        var kinds = options.Kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ProductOptions.ParseKind).ToList();
        if (kinds.Contains(null) || (options.Enabled && kinds.Count == 0))
        {
            problems.Add($"{ProductOptions.Section}:{nameof(ProductOptions.Kinds)}: '{options.Kinds}' is not a comma-separated list of corridor and network.");
        }

        SectionSettings.ThrowIfAny(problems);
        options.ScheduledKinds = kinds.OfType<ProductKind>().Distinct().ToList();
        return options;
    }
}
