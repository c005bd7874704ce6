using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>The hub refuses to start on a bad configuration, and says which setting or file is wrong.</summary>
public sealed class HubSettingsTests
{
    [Fact]
    public void Build_WithoutRequiredSettings_NamesEachMissingSetting()
    {
        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build(["--Hub:Port=0"]));

        Assert.Contains("Hub:DatabasePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:CredentialsDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:RootCertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OutOfRangeSetting_NamesIt()
    {
        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build(
            ["--Hub:DatabasePath=x", "--Hub:CredentialsDirectory=x", "--Hub:RootCertificatePath=x", "--Hub:RevocationListPath=x", "--Hub:Port=70000"]));

        Assert.Contains("Hub:Port", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("4294967295")]
    public void Build_MaxDatabasePagesOutOfRange_NamesIt(string pages)
    {
        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build(
            ["--Hub:DatabasePath=x", "--Hub:CredentialsDirectory=x", "--Hub:RootCertificatePath=x", "--Hub:RevocationListPath=x", $"--Hub:MaxDatabasePages={pages}"]));

        Assert.Contains("Hub:MaxDatabasePages", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BatchSize", "0")]
    [InlineData("PersonThreshold", "1.5")]
    [InlineData("PersonThreshold", "NaN")]
    [InlineData("PersonThreshold", "-Infinity")]
    [InlineData("MaxHitsPerMessage", "0")]
    public void Build_IntelligenceSettingOutOfRange_NamesItWithItsSection(string setting, string value)
    {
        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build(
            ["--Hub:DatabasePath=x", "--Hub:CredentialsDirectory=x", "--Hub:RootCertificatePath=x", "--Hub:RevocationListPath=x", $"--Hub:Intelligence:{setting}={value}"]));

        Assert.Contains($"Hub:Intelligence:{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingCredentialFiles_NamesTheFile()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-settings-").FullName;
        try
        {
            var root = Path.Combine(directory, "root.crt.pem");
            var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build(
            [
                $"--Hub:DatabasePath={Path.Combine(directory, "hub.db")}", $"--Hub:CredentialsDirectory={directory}",
                $"--Hub:RootCertificatePath={root}", $"--Hub:RevocationListPath={Path.Combine(directory, "crl.pem")}",
            ]));

            Assert.Contains(root, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
