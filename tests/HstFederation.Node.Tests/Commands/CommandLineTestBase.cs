using Google.Protobuf;
using HstFederation.DevPki;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Commands;

/// <summary>A real hub and the FR/DE nodes, with helpers to run `hst-node` in-process against a node's database and credentials.</summary>
public abstract class CommandLineTestBase : HubLinkTestBase
{
    protected CommandLineTestBase()
    {
    }

    /// <summary>Hub and nodes on <paramref name="time"/>, as <see cref="HubLinkTestBase"/>'s; the commands still run on the system clock.</summary>
    private protected CommandLineTestBase(TimeProvider time, Node.HubLink.HubLinkOptions? nodeOptions, params string[] hubSettings)
        : base(time, nodeOptions, hubSettings)
    {
    }

    private protected async Task<string> WriteMessageAsync(HstMessage message)
    {
        var file = Path.Combine(Fr.DirectoryPath, $"case-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonFormatter.Default.Format(message));
        return file;
    }

    private protected string[] InitArguments(string code, string databasePath) =>
    [
        "init",
        $"--Node:CredentialsDirectory={FederationLayout.MemberDirectory(Hub.DirectoryPath, code)}",
        $"--Node:DatabasePath={databasePath}",
        $"--Node:RootCertificatePath={FederationLayout.RootCertificate(Hub.DirectoryPath)}",
        $"--Node:RevocationListPath={FederationLayout.RevocationList(Hub.DirectoryPath)}",
        $"--Node:HubAddress={Hub.Address}",
    ];

    /// <summary>Runs `hst-node <paramref name="command"/>` with <paramref name="node"/>'s database and credentials.</summary>
    private protected Task<CommandRun> RunAsync(TestNode node, string command, params string[] args) =>
        CommandRun.RunAsync([command, .. Settings(node), .. args]);

    private protected string[] Settings(TestNode node) =>
    [
        $"--Node:DatabasePath={Path.Combine(node.DirectoryPath, "node.db")}",
        $"--Node:CredentialsDirectory={FederationLayout.MemberDirectory(Hub.DirectoryPath, node.Code)}",
        $"--Node:RootCertificatePath={FederationLayout.RootCertificate(Hub.DirectoryPath)}",
        $"--Node:RevocationListPath={FederationLayout.RevocationList(Hub.DirectoryPath)}",
        $"--Node:HubAddress={Hub.Address}",
    ];
}
