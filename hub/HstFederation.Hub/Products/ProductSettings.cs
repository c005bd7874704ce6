using System.ComponentModel.DataAnnotations;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Products;

/// <summary>Reads and validates <see cref="ProductOptions"/> at start; every problem names its setting.</summary>
internal static class ProductSettings
{
    public static ProductOptions Read(IConfiguration configuration)
    {
        ProductOptions options;
        try
        {
            options = configuration.GetSection(ProductOptions.Section).Get<ProductOptions>() ?? new ProductOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message names the setting ("... at 'Hub:Products:Enabled' ..."); its inner one says why.
            throw new HubConfigurationException($"Invalid hub configuration: {e.Message} {e.InnerException?.Message}".TrimEnd(), e);
        }

        var problems = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            problems.AddRange(results.Select(r => $"{ProductOptions.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        var kinds = options.Kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = kinds.Select(ProductOptions.ParseKind).ToList();
        if (parsed.Contains(null) || (options.Enabled && parsed.Count == 0))
        {
            problems.Add($"{ProductOptions.Section}:{nameof(ProductOptions.Kinds)}: '{options.Kinds}' is not a comma-separated list of corridor and network.");
        }

        if (problems.Count > 0)
        {
            throw new HubConfigurationException("Invalid hub configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        options.ScheduledKinds = parsed.OfType<Protocol.V1.ProductKind>().Distinct().ToList();
        return options;
    }
}
