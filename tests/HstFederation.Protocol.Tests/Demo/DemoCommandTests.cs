using System.Text.Json;
using HstFederation.DevPki.Cli;
using HstFederation.Protocol.Tests.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Demo;

/// <summary>The README's run command: a federation written to disk, loaded back, and envelopes exchanged.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Demo_FreshFederation_AllChecksHold()
    {
        Assert.Equal(DevPkiCli.Success, Run("create", "--out", _directory.Path, "--members", "FR,DE,IT,ES"));
        _time.Advance(TimeSpan.FromMinutes(1));

        using var output = new StringWriter();
        var exit = DevPkiCli.Run(["demo", "--pki", _directory.Path], output, TextWriter.Null, _time);

        Assert.Equal(DevPkiCli.Success, exit);
        Assert.Contains("DEMO OK: 11 checks held", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Json_PrintsCountsOnly()
    {
        Run("create", "--out", _directory.Path, "--members", "FR,DE,IT,ES");

        using var output = new StringWriter();
        DevPkiCli.Run(["demo", "--pki", _directory.Path, "--json"], output, TextWriter.Null, _time);

        var summary = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        Assert.Equal(11, summary.GetProperty("checks").GetInt32());
    }

    [Fact]
    public void Demo_RevocationListExpired_FailsClosedWithTheFileNamed()
    {
        Run("create", "--out", _directory.Path, "--members", "FR,DE,IT,ES", "--crl-days", "1");
        _time.Advance(TimeSpan.FromDays(3));

        using var error = new StringWriter();
        var exit = DevPkiCli.Run(["demo", "--pki", _directory.Path], TextWriter.Null, error, _time);

        Assert.Equal(DevPkiCli.Failure, exit);
        Assert.Contains(Path.Combine("hub", "tls.crt.pem"), error.ToString(), StringComparison.Ordinal);
        Assert.Contains("RevocationDataStale", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_MissingMember_FailsWithTheMissingDirectory()
    {
        Run("create", "--out", _directory.Path, "--members", "FR,DE,IT");

        using var error = new StringWriter();
        var exit = DevPkiCli.Run(["demo", "--pki", _directory.Path], TextWriter.Null, error, _time);

        Assert.Equal(DevPkiCli.Failure, exit);
        Assert.Contains(Path.Combine("members", "ES"), error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private int Run(params string[] args) => DevPkiCli.Run(args, TextWriter.Null, TextWriter.Null, _time);
}
