using System.Security.Cryptography.X509Certificates;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Tests.Agency;

/// <summary>A registered agency and its client certificate (from the national CA).</summary>
internal sealed record TestAgency(AgencyRecord Record, X509Certificate2 Certificate)
{
    public string Actor => Record.Actor;
}
