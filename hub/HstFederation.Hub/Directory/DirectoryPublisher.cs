using Google.Protobuf;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Directory;

/// <summary>
/// GetDirectory: the registry signed by the hub. Re-signed when the registry changes or half of the
/// validity has passed, so a node never receives a directory about to expire.
/// </summary>
internal sealed class DirectoryPublisher(MemberRegistry registry, HubCredentials credentials, HubOptions options, TimeProvider time)
{
    private volatile Published? _cached;

    public async Task<SignedStatement> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = await registry.DirectoryAsync(cancellationToken);
        var now = time.GetUtcNow();
        var cached = _cached;
        if (cached is not null && cached.Serial == snapshot.Serial && now - cached.IssuedAt < options.DirectoryValidity / 2)
        {
            return cached.Signed;
        }

        var signed = SignedStatements.Sign(Build(snapshot, now), StatementKind.MemberDirectory, credentials.Party);
        _cached = new Published(snapshot.Serial, now, signed);
        return signed;
    }

    private MemberDirectory Build(DirectorySnapshot snapshot, DateTimeOffset now)
    {
        var directory = new MemberDirectory
        {
            Version = ProtocolVersions.Current,
            Serial = (ulong)snapshot.Serial,
            IssuedAtMs = now.ToUnixTimeMilliseconds(),
            ExpiresAtMs = (now + options.DirectoryValidity).ToUnixTimeMilliseconds(),
        };
        // The hub lists itself, so nodes find its encryption key for messages it may read.
        directory.Members.Add(new DirectoryMember
        {
            Party = credentials.Party.Party.Uri,
            Status = MemberStatus.Active,
            SigningCertificate = ByteString.CopyFrom(credentials.Party.Signing.CertificateDer.Span),
            EncryptionCertificate = ByteString.CopyFrom(credentials.Party.Encryption.CertificateDer.Span),
        });
        directory.Members.AddRange(snapshot.Members.Select(member => new DirectoryMember
        {
            Party = member.Party.Uri,
            Status = member.Status,
            SigningCertificate = ByteString.CopyFrom(member.SigningCertificate),
            EncryptionCertificate = ByteString.CopyFrom(member.EncryptionCertificate),
        }));
        directory.Regions.AddRange(snapshot.Regions.Select(region =>
        {
            var published = new Region { Name = region.Name };
            published.Members.AddRange(region.Members.Select(member => member.Code));
            return published;
        }));
        return directory;
    }

    /// <summary>Swapped as one reference, so a reader never pairs one serial with another directory.</summary>
    private sealed record Published(long Serial, DateTimeOffset IssuedAt, SignedStatement Signed);
}
