using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Pki;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>One simulated member: its message keys and its own TLS client certificate.</summary>
internal sealed class Member(int index, PartyCredentials credentials, X509Certificate2 tlsCertificate) : IDisposable
{
    public int Index { get; } = index;

    public string Code => Credentials.Party.Code;

    public PartyCredentials Credentials { get; } = credentials;

    public X509Certificate2 TlsCertificate { get; } = tlsCertificate;

    public void Dispose() => TlsCertificate.Dispose();
}
