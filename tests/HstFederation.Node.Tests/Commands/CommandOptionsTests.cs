using HstFederation.Node.Commands;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// An option a command declares but the form given does not use is refused (exit 2) before anything is done, and every
/// option a command documents is still taken by the form that documents it.
/// </summary>
public sealed class CommandOptionsTests : CommandLineTestBase
{
    [Fact]
    public async Task AgenciesDisable_WithAScopeOption_IsRefused_AndChangesNothing()
    {
        await RunAsync(Fr, "agencies", "add", "bp", "--name", "Border police", "--submit", "yes");
        var audited = Fr.Count("SELECT COUNT(*) FROM audit;");

        var disable = await RunAsync(Fr, "agencies", "disable", "bp", "--submit", "no");

        Assert.Equal(NodeCommandLine.BadArguments, disable.ExitCode);
        Assert.Contains("hst-node agencies: --submit does not apply", disable.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was done", disable.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT disabled FROM agencies WHERE agency_id = 'bp';"));
        Assert.Equal(1, Fr.Count("SELECT may_submit FROM agencies WHERE agency_id = 'bp';"));
        Assert.Equal(audited, Fr.Count("SELECT COUNT(*) FROM audit;"));
    }

    [Fact]
    public async Task ProductsList_WithAnExportOption_IsRefused()
    {
        var list = await RunAsync(Fr, "products", "--format", "dot");
        var show = await RunAsync(Fr, "products", "show", "51d0c2aa", "--output", Path.Combine(Fr.DirectoryPath, "x.dot"));

        Assert.Equal(NodeCommandLine.BadArguments, list.ExitCode);
        Assert.Contains("--format does not apply", list.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, show.ExitCode);
        Assert.Contains("--output does not apply", show.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action IN ('list', 'read');"));
    }

    [Fact]
    public async Task HitsShow_WithAListOption_IsRefused()
    {
        var show = await RunAsync(Fr, "hits", "show", "9c41e07a", "--limit", "5");

        Assert.Equal(NodeCommandLine.BadArguments, show.ExitCode);
        Assert.Contains("--limit does not apply", show.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgencyCertificateForms_RefuseTheOptionsOfOtherForms()
    {
        await RunAsync(Fr, "agencies", "add", "customs", "--name", "Douane");

        var certificates = await RunAsync(Fr, "agencies", "certificates", "customs", "--serial", "01");
        var unblock = await RunAsync(Fr, "agencies", "unblock-certificate", "customs", "--serial", "01", "--reason", "found again");
        var list = await RunAsync(Fr, "agencies", "list", "--name", "Douane");
        var enable = await RunAsync(Fr, "agencies", "enable", "customs", "--serial", "01", "--handling", "H0");

        Assert.Equal(NodeCommandLine.BadArguments, certificates.ExitCode);
        Assert.Contains("--serial does not apply", certificates.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, unblock.ExitCode);
        Assert.Contains("--reason does not apply", unblock.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, list.ExitCode);
        Assert.Contains("--name does not apply", list.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, enable.ExitCode);
        Assert.Contains("--handling, --serial do not apply", enable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryDocumentedOption_OfTheAgencyForms_IsTaken()
    {
        var add = await RunAsync(
            Fr, "agencies", "add", "coast-guard", "--name", "Garde-côtes", "--identity", "urn:hst:agency:FR:coast-guard", "--submit", "yes",
            "--search", "yes", "--release", "no", "--handling", "H0,H1", "--crime-types", "all");
        var addOwnIdentity = await RunAsync(Fr, "agencies", "add", "gendarmerie", "--name", "Gendarmerie", "--search", "yes");
        var scope = await RunAsync(
            Fr, "agencies", "scope", "coast-guard", "--submit", "no", "--search", "no", "--release", "yes", "--handling", "none", "--crime-types", "none");
        var block = await RunAsync(Fr, "agencies", "block-certificate", "coast-guard", "--serial", "0A1B", "--reason", "lost");
        var unblock = await RunAsync(Fr, "agencies", "unblock-certificate", "coast-guard", "--serial", "0A1B");

        foreach (var run in new[] { add, addOwnIdentity, scope, block, unblock })
        {
            Assert.True(run.ExitCode == NodeCommandLine.Success, run.ToString());
        }

        Assert.Contains("urn:hst:agency:FR:gendarmerie", addOwnIdentity.Out, StringComparison.Ordinal);
        Assert.Contains("submit=no search=no handling=none crime_types=none release=yes", scope.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryDocumentedOption_OfTheListsAndSearch_IsTaken()
    {
        var runs = new[]
        {
            await RunAsync(Fr, "outbox", "--state", "queued", "--limit", "5", "--before", "10", "--since", "2026-11-01"),
            await RunAsync(Fr, "inbox", "--from", "DE", "--limit", "5", "--before", "10", "--since", "2026-11-01T08:00:00Z"),
            await RunAsync(Fr, "search", "--document", "YB123456", "--box", "inbox", "--phone-region", "FR", "--limit", "5"),
            await RunAsync(Fr, "products", "--limit", "5", "--before", "10"),
            await RunAsync(Fr, "products", "list", "--limit", "5"),
            await RunAsync(Fr, "hits", "--limit", "5", "--before", "10"),
            await RunAsync(Fr, "hits", "list", "--limit", "5"),
            await RunAsync(Fr, "status", "--days", "5"),
        };

        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == NodeCommandLine.Success, run.ToString());
        }
    }

    [Fact]
    public async Task EveryDocumentedOption_OfTheMessageCommands_IsTaken()
    {
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));
        var send = await RunAsync(
            Fr, "send", "--file", file, "--to", "DE", "--handling", "H1", "--hub-may-read", "no", "--request-id", "options-1");
        var unknown = "0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b";

        // No such region, product or message: each refusal comes after the options were read (exit 1), so every option was taken (exit 2 otherwise).
        var refused = new[]
        {
            await RunAsync(Fr, "send", "--file", file, "--region", "NOWHERE"),
            await RunAsync(Fr, "products", "export", "51d0c2aa", "--format", "dot", "--output", Path.Combine(Fr.DirectoryPath, "n.dot")),
            await RunAsync(Fr, "recall", unknown, "--reason", "other", "--note", "test"),
            await RunAsync(Fr, "restrict", unknown, "--handling", "H3", "--exclude", "IT", "--note", "test"),
            await RunAsync(Fr, "extend", unknown, "--until", "2040-01-01", "--justification", "trial pending"),
            await RunAsync(Fr, "lapse", unknown, "--note", "test"),
            await RunAsync(Fr, "update", unknown, "--file", file, "--reason", "corrected", "--to", "DE", "--handling", "H2", "--hub-may-read", "yes"),
        };

        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        foreach (var run in refused)
        {
            Assert.True(run.ExitCode == NodeCommandLine.Failure, run.ToString());
        }
    }
}
