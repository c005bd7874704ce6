using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Intake;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Benchmarks;

/// <summary>
/// The hub as far as a node's send needs one, and no further: Submit answers every envelope with a correctly
/// hub-signed acceptance receipt (so the node's real verification passes) without verifying or storing it, and
/// GetDirectory serves a member directory signed once. Its work per Submit — parse the envelope and header,
/// SHA-256 of the envelope, one Ed25519 signature — is the "server stub" term of the node's model.
/// </summary>
internal sealed class StubHubService(PartyCredentials hub, SignedStatement directory, TimeProvider time) : Protocol.V1.Hub.HubBase
{
    private long _hubSequence;

    public override Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var receipt = Receipt(request.Envelope.Span, Interlocked.Increment(ref _hubSequence), time.GetUtcNow().ToUnixTimeMilliseconds());
        return Task.FromResult(new SubmitResponse { Receipt = SignedStatements.Sign(receipt, StatementKind.AcceptanceReceipt, hub) });
    }

    public override Task<SignedStatement> GetDirectory(GetDirectoryRequest request, ServerCallContext context) => Task.FromResult(directory);

    /// <summary>The receipt the hub would sign for <paramref name="envelope"/> (Intake/AcceptanceReceipts builds it).</summary>
    public static AcceptanceReceipt Receipt(ReadOnlySpan<byte> envelope, long hubSequence, long acceptedAtMs)
    {
        var header = EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(envelope).Header);
        var recipients = header.Recipients.Select(r => PartyId.Parse(r.Party)).Where(p => !p.IsHub);
        return AcceptanceReceipts.Build(header, envelope, recipients, hubSequence, acceptedAtMs);
    }

    /// <summary>Every member of <paramref name="members"/> and the hub itself, active, signed by the hub, as DirectoryPublisher builds it.</summary>
    public static SignedStatement SignedDirectory(PartyCredentials hub, IEnumerable<PartyCredentials> members, DateTimeOffset now)
    {
        var directory = new MemberDirectory
        {
            Version = ProtocolVersions.Current,
            Serial = 1,
            IssuedAtMs = now.ToUnixTimeMilliseconds(),
            ExpiresAtMs = (now + TimeSpan.FromDays(1)).ToUnixTimeMilliseconds(),
        };
        directory.Members.AddRange(members.Prepend(hub).Select(m => new DirectoryMember
        {
            Party = m.Party.Uri,
            Status = MemberStatus.Active,
            SigningCertificate = ByteString.CopyFrom(m.Signing.CertificateDer.Span),
            EncryptionCertificate = ByteString.CopyFrom(m.Encryption.CertificateDer.Span),
        }));
        return SignedStatements.Sign(directory, StatementKind.MemberDirectory, hub);
    }
}
