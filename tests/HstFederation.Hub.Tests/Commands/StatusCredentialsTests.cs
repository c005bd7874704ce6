using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki;
using HstFederation.Hosting;
using HstFederation.Hub.Commands;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub status` shows when the hub's own certificates expire (its TLS certificate expired, no member connects), reminds
/// the operator to renew within 30 days of the first, and says CANNOT BE USED, exit 1, once serve would refuse them.
/// </summary>
public sealed class StatusCredentialsTests : IDisposable
{
    private readonly CommandHarness _hub = CommandHarness.Create();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Status_ShowsTheHubsCertificates_RemindsToRenewWithin30Days_AndFailsOnceServeWouldRefuseThem()
    {
        Assert.Equal(HubCommandLine.Success, (await _hub.RunAsync("init")).ExitCode);
        using var serving = await ServeLock.AcquireAsync(_hub.DatabasePath, "hst-hub", "Hub:DatabasePath", _hub.Time, CancellationToken.None);
        var credentials = $"--Hub:CredentialsDirectory={FederationLayout.HubDirectory(_hub.PkiDirectory)}";
        var tlsNotAfter = new DateTimeOffset(X509CertificateLoader.LoadCertificate(_hub.Federation.Hub.Tls.CertificateDer).NotAfter.ToUniversalTime());

        var now = await _hub.RunAsync("status", credentials);

        Assert.True(now.ExitCode == HubCommandLine.Success, now.ToString());
        Assert.Contains($"Certificates TLS until {CommandContext.Format(tlsNotAfter)}, signing until ", now.Out, StringComparison.Ordinal);
        Assert.Contains("; 0 previous encryption key(s) kept for opening" + Environment.NewLine, now.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("RENEW", now.Out, StringComparison.Ordinal);

        MoveTo(tlsNotAfter.AddDays(-10));
        var soon = await _hub.RunAsync("status", credentials);
        var soonJson = (await _hub.RunAsync("status", credentials, "--json")).Json().GetProperty("credentials");

        Assert.True(soon.ExitCode == HubCommandLine.Success, soon.ToString());
        Assert.Contains("; RENEW: the first expires in ", soon.Out, StringComparison.Ordinal);
        Assert.True(soonJson.GetProperty("renewSoon").GetBoolean());
        Assert.InRange(soonJson.GetProperty("daysLeft").GetInt32(), 0, 10);

        MoveTo(tlsNotAfter.AddDays(1));
        var expired = await _hub.RunAsync("status", credentials);

        Assert.Equal(HubCommandLine.Failure, expired.ExitCode);
        Assert.Contains("Certificates CANNOT BE USED: ", expired.Out, StringComparison.Ordinal);
        Assert.Contains("'hst-hub serve' does not start with them", expired.Out, StringComparison.Ordinal);
    }

    /// <summary>The clock at <paramref name="at"/>, with a CRL current then (a stale one would be the problem said instead).</summary>
    private void MoveTo(DateTimeOffset at)
    {
        _hub.Time.Advance(at - _hub.Time.GetUtcNow());
        File.WriteAllText(_hub.RevocationListPath, _hub.Federation.Pki.IssueCrl(at.AddHours(-1), at.AddDays(7)).Pem + "\n");
    }
}
