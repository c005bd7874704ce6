using Grpc.Core;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// The hub-signed member directory: refreshed when older than <c>refreshAfter</c>, the last valid one kept
/// while the hub is away, and nothing trusted past its expires_at_ms (fail closed). A directory with a
/// lower serial than the one held is ignored (no rollback).
/// </summary>
internal sealed class MemberDirectoryCache(
    HubConnection hub, FederationTrust trust, TimeProvider time, TimeSpan refreshAfter, ILogger logger)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private MemberDirectory? _current;

    public MemberDirectory? Current => Volatile.Read(ref _current);

    /// <summary>This node's clock minus the hub's at the last fetch (<see cref="HubClock"/>); null before one or without a Date.</summary>
    public TimeSpan? HubClockSkew { get; private set; }

    /// <summary>Fetches and verifies the directory now; throws when it cannot be fetched or does not verify.</summary>
    public async Task<MemberDirectory> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var client = hub.Client;
            SignedStatement signed;
            try
            {
                var sentAt = time.GetUtcNow();
                using var call = client.GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: cancellationToken);
                signed = await call.ResponseAsync.ConfigureAwait(false);
                NoteSkew(HubClock.Skew(await call.ResponseHeadersAsync.ConfigureAwait(false), sentAt, time.GetUtcNow()));
            }
            catch (RpcException error)
            {
                hub.Reset(client);
                throw new DirectoryUnavailableException($"The hub's member directory could not be fetched ({error.StatusCode}).", error);
            }
            catch (ObjectDisposedException error) when (!cancellationToken.IsCancellationRequested)
            {
                // Another part of the node dropped the shared channel under this call (HubConnection.Reset).
                throw new DirectoryUnavailableException("The hub's member directory could not be fetched (the channel was closed under the call).", error);
            }

            var verified = SignedStatements.Verify(signed, StatementKind.MemberDirectory, MemberDirectory.Parser, trust, d => d.IssuedAtMs);
            if (!verified.IsSuccess || !verified.Value.Signer.Party.IsHub)
            {
                HubLinkLog.DirectoryInvalid(logger, verified.Reason);
                throw new DirectoryUnavailableException("The member directory the hub sent does not verify as hub-signed: " + verified.Rejection?.Detail);
            }

            var directory = verified.Value.Statement;
            if (MemberDirectoryShape.Problem(directory) is { } problem)
            {
                HubLinkLog.DirectoryMalformed(logger, directory.Serial, problem);
                throw new DirectoryUnavailableException($"The member directory the hub sent (serial {directory.Serial}) is malformed: {problem}.");
            }

            if (directory.ExpiresAtMs <= time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                // Judged by this node's clock too: an already expired directory is no directory (fail closed).
                throw new DirectoryUnavailableException($"The member directory the hub sent (serial {directory.Serial}) has already expired by this node's clock.");
            }

            var held = Current;
            if (held is not null && directory.Serial < held.Serial)
            {
                HubLinkLog.DirectoryRollback(logger, directory.Serial, held.Serial);
                return held;
            }

            Volatile.Write(ref _current, directory);
            return directory;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// The certified encryption keys of <paramref name="addressees"/> (party URIs or country codes). Throws
    /// <see cref="RecipientNotActiveException"/> for an addressee not active in the directory,
    /// <see cref="DirectoryUnavailableException"/> when no unexpired directory is available, and
    /// <see cref="TrustDataStaleException"/> when this node's CRL is too old to judge any certificate.
    /// </summary>
    public async Task<IReadOnlyList<CertifiedKey>> RecipientKeysAsync(IEnumerable<string> addressees, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addressees);
        var directory = await FreshAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var keys = new List<CertifiedKey>();
        foreach (var addressee in addressees)
        {
            var party = ToParty(addressee);
            var member = directory.Members.FirstOrDefault(m => m.Party == party.Uri)
                ?? throw new RecipientNotActiveException($"{party} is not in the member directory.");
            if (member.Status != MemberStatus.Active)
            {
                throw new RecipientNotActiveException($"{party} is {member.Status} in the member directory; nothing is sealed to it.");
            }

            var check = trust.Validate(member.EncryptionCertificate.Span, CertificatePurpose.MessageEncryption, now);
            if (check.Problem == CertificateProblem.RevocationDataStale)
            {
                // This node's CRL, not the recipient's certificate: the message waits for a fresh CRL.
                throw new TrustDataStaleException(check.Detail);
            }

            if (!check.IsValid || check.Key!.Party != party)
            {
                throw new RecipientNotActiveException($"{party}'s encryption certificate in the directory is not valid: {check.Detail}");
            }

            keys.Add(check.Key);
        }

        return keys;
    }

    /// <summary>The regions of the held directory, for the handling policy.</summary>
    public HandlingPolicy Policy()
    {
        var directory = Current;
        if (directory is null || directory.Regions.Count == 0)
        {
            return HandlingPolicy.WithoutRegions;
        }

        return new HandlingPolicy(directory.Regions.ToDictionary(r => r.Name, r => (IReadOnlyCollection<string>)[.. r.Members], StringComparer.Ordinal));
    }

    /// <summary>
    /// Beyond the skew the federation tolerates (the trust's MaxClockSkew, what the hub allows an envelope's creation
    /// time ahead of it, and what this node allows others'), messages get refused: raise it at every refresh.
    /// </summary>
    private void NoteSkew(TimeSpan? skew)
    {
        HubClockSkew = skew;
        if (skew is { } measured && measured.Duration() > trust.Options.MaxClockSkew)
        {
            HubLinkLog.ClockSkewed(logger, HubClock.Format(measured), trust.Options.MaxClockSkew);
        }
    }

    public static PartyId ToParty(string addressee) =>
        PartyId.TryParse(addressee, out var party) ? party : PartyId.Member(addressee);

    private async Task<MemberDirectory> FreshAsync(CancellationToken cancellationToken)
    {
        var held = Current;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (held is not null && now - held.IssuedAtMs < refreshAfter.TotalMilliseconds && now < held.ExpiresAtMs)
        {
            return held;
        }

        try
        {
            return await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException) when (held is not null && time.GetUtcNow().ToUnixTimeMilliseconds() < held.ExpiresAtMs)
        {
            HubLinkLog.DirectoryStale(logger, held.Serial);
            return held;
        }
        catch (DirectoryUnavailableException error) when (held is not null)
        {
            throw new DirectoryUnavailableException(
                $"The member directory (serial {held.Serial}) expired and could not be refreshed; nothing is sealed until the hub is reachable.", error);
        }
    }
}
