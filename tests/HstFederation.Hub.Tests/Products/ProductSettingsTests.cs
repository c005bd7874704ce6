using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Tests.Products;

/// <summary>Hub:Products is validated at start: the hub refuses to start and names the setting.</summary>
public sealed class ProductSettingsTests
{
    private static readonly string[] Paths = ["--Hub:DatabasePath=x", "--Hub:CredentialsDirectory=x", "--Hub:RootCertificatePath=x", "--Hub:RevocationListPath=x"];

    [Theory]
    [InlineData("--Hub:Products:Interval=00:10:00", "Hub:Products:Interval")]
    [InlineData("--Hub:Products:Period=00:00:01", "Hub:Products:Period")]
    [InlineData("--Hub:Products:RequestPoll=01:00:00", "Hub:Products:RequestPoll")]
    [InlineData("--Hub:Products:Kinds=corridor,heatmap", "Hub:Products:Kinds")]
    [InlineData("--Hub:Products:Enabled=maybe", "Enabled")]
    public void Build_BadProductSetting_NamesIt(string setting, string named)
    {
        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build([.. Paths, setting]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ScheduleOnWithoutKinds_IsRefused()
    {
        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build([.. Paths, "--Hub:Products:Enabled=true", "--Hub:Products:Kinds= , "]));

        Assert.Contains("Hub:Products:Kinds", error.Message, StringComparison.Ordinal);
    }
}
