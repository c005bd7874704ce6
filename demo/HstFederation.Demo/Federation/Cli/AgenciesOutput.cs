namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node agencies list --json</c>: the node's agency scope table.</summary>
internal sealed record AgenciesOutput(IReadOnlyList<AgenciesOutput.Agency> Agencies)
{
    internal sealed record Agency(string Id, string CertificateIdentity, bool Disabled);
}
