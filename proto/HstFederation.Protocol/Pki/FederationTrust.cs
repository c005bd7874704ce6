using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace HstFederation.Protocol.Pki;

/// <summary>
/// Everything a party trusts: the federation root certificate (and nothing else: never the OS
/// store), the root's current CRL, and the clock. Thread-safe; certificate checks are cached by
/// certificate bytes, revocation and validity windows are evaluated on every call.
/// </summary>
public sealed class FederationTrust
{
    private const int MaxCachedChecks = 10_000;

    private readonly X509Certificate _root;
    private readonly AsymmetricKeyParameter _rootKey;
    private readonly byte[] _rootHash;
    private readonly ConcurrentDictionary<(string Hash, CertificatePurpose Purpose), CertificateCheck> _checks = new();
    private readonly Lock _crlLock = new();
    private volatile RevocationList? _revocationList;

    /// <exception cref="ArgumentException">The root is not a self-signed CA certificate, or the CRL is from another root.</exception>
    public FederationTrust(ReadOnlySpan<byte> rootCertificateDer, RevocationList? revocationList, TimeProvider time, TrustOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            _root = new X509CertificateParser().ReadCertificate(rootCertificateDer.ToArray())
                ?? throw new ArgumentException("Empty root certificate.", nameof(rootCertificateDer));
            _rootKey = _root.GetPublicKey();
            _root.Verify(_rootKey);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            throw new ArgumentException("The federation root is not a parsable self-signed certificate: " + e.Message, nameof(rootCertificateDer), e);
        }

        if (_root.GetBasicConstraints() < 0)
        {
            throw new ArgumentException("The federation root certificate is not a CA (basic constraints).", nameof(rootCertificateDer));
        }

        RootCertificateDer = rootCertificateDer.ToArray();
        _rootHash = SHA256.HashData(rootCertificateDer);
        Time = time;
        Options = options ?? new TrustOptions();
        if (revocationList is not null)
        {
            RequireSameRoot(revocationList);
            _revocationList = revocationList;
        }
    }

    public TimeProvider Time { get; }

    public TrustOptions Options { get; }

    /// <summary>The federation root certificate (DER), e.g. for a custom TLS trust store.</summary>
    public ReadOnlyMemory<byte> RootCertificateDer { get; }

    /// <summary>The CRL in force, or null when none was loaded (every validation then fails closed).</summary>
    public RevocationList? RevocationList => _revocationList;

    /// <summary>Loads the root certificate (PEM) and optionally the CRL (PEM); errors name the file.</summary>
    public static FederationTrust Load(string rootCertificatePemPath, string? crlPemPath, TimeProvider time, TrustOptions? options = null)
    {
        var rootDer = PemFiles.ReadBlock(rootCertificatePemPath, Pem.CertificateLabel);
        FederationTrust trust;
        try
        {
            trust = new FederationTrust(rootDer, null, time, options);
        }
        catch (ArgumentException e)
        {
            throw new CredentialException(rootCertificatePemPath, e.Message, e);
        }

        if (crlPemPath is not null)
        {
            var crlDer = PemFiles.ReadBlock(crlPemPath, Pem.CrlLabel);
            try
            {
                trust._revocationList = RevocationList.Parse(crlDer, rootDer);
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                throw new CredentialException(crlPemPath, "CRL refused: " + e.Message, e);
            }
        }

        return trust;
    }

    /// <summary>
    /// Replaces the CRL if <paramref name="revocationList"/> is newer (higher CRL number, or same number and
    /// later thisUpdate). Returns false, keeping the current one, otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The CRL was verified against another root.</exception>
    public bool UpdateRevocationList(RevocationList revocationList)
    {
        ArgumentNullException.ThrowIfNull(revocationList);
        RequireSameRoot(revocationList);
        lock (_crlLock)
        {
            var current = _revocationList;
            if (current is not null
                && (revocationList.Number < current.Number
                    || (revocationList.Number == current.Number && revocationList.ThisUpdate <= current.ThisUpdate)))
            {
                return false;
            }

            _revocationList = revocationList;
            return true;
        }
    }

    /// <summary>
    /// Validates <paramref name="certificateDer"/> for <paramref name="purpose"/>: issued and signed by the
    /// federation root, not a CA, exactly one valid party URI SAN, the key type / key usage / EKU of the
    /// purpose, valid at <paramref name="at"/>, not revoked at or before <paramref name="at"/>, and the CRL
    /// is fresh now (TrustOptions.RevocationGrace). Never throws on bad input.
    /// </summary>
    public CertificateCheck Validate(ReadOnlySpan<byte> certificateDer, CertificatePurpose purpose, DateTimeOffset at)
    {
        if (!Enum.IsDefined(purpose))
        {
            return CertificateCheck.Invalid(CertificateProblem.Malformed, $"unknown certificate purpose {(int)purpose}");
        }

        var check = StaticCheck(certificateDer, purpose);
        if (check.Key is not { } key)
        {
            return check;
        }

        if (at < key.NotBefore)
        {
            return CertificateCheck.Invalid(CertificateProblem.NotYetValid, $"certificate {key.SerialNumber} of {key.Party} is valid from {Display(key.NotBefore)}, judged at {Display(at)}");
        }

        if (at > key.NotAfter)
        {
            return CertificateCheck.Invalid(CertificateProblem.Expired, $"certificate {key.SerialNumber} of {key.Party} expired at {Display(key.NotAfter)}, judged at {Display(at)}");
        }

        var crl = _revocationList;
        if (StaleReason(crl) is { } stale)
        {
            return CertificateCheck.Invalid(CertificateProblem.RevocationDataStale, stale);
        }

        // Not stale, so loaded.
        if (crl!.TryGetRevocation(key.SerialNumber, out var revokedAt) && revokedAt <= at)
        {
            return CertificateCheck.Invalid(CertificateProblem.Revoked, $"certificate {key.SerialNumber} of {key.Party} was revoked at {Display(revokedAt)}, judged at {Display(at)}");
        }

        return check;
    }

    /// <summary>
    /// The checks of <see cref="Validate"/> that depend on neither time nor revocation: issued and signed by the federation
    /// root, not a CA, exactly one valid party URI SAN, the key type / key usage / EKU of the purpose. For a party's own
    /// previous encryption key, kept only to open what was sealed to it while it was current (<see cref="PartyCredentials"/>):
    /// to its holder, its validity window and revocation no longer decide anything. Never throws on bad input.
    /// </summary>
    public CertificateCheck ValidateIssued(ReadOnlySpan<byte> certificateDer, CertificatePurpose purpose) =>
        Enum.IsDefined(purpose) ? StaticCheck(certificateDer, purpose) : CertificateCheck.Invalid(CertificateProblem.Malformed, $"unknown certificate purpose {(int)purpose}");

    private CertificateCheck StaticCheck(ReadOnlySpan<byte> certificateDer, CertificatePurpose purpose)
    {
        var cacheKey = (Convert.ToHexString(SHA256.HashData(certificateDer)), purpose);
        if (_checks.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        CertificateCheck check;
        try
        {
            check = CertificateInspector.Inspect(certificateDer.ToArray(), purpose, _root, _rootKey);
        }
        catch (Exception e)
        {
            check = CertificateCheck.Invalid(CertificateProblem.Malformed, "the certificate cannot be interpreted: " + e.Message);
        }

        if (_checks.Count >= MaxCachedChecks)
        {
            _checks.Clear();
        }

        _checks[cacheKey] = check;
        return check;
    }

    /// <summary>
    /// Why the CRL cannot be used now (none loaded, or past its nextUpdate plus <see cref="TrustOptions.RevocationGrace"/>),
    /// or null when it is fresh: the test <see cref="Validate"/> applies before every revocation check, for callers that
    /// must tell "this party's trust data is stale" from "the certificate was refused".
    /// </summary>
    public string? StaleReason() => StaleReason(_revocationList);

    private string? StaleReason(RevocationList? crl)
    {
        if (crl is null)
        {
            return "no CRL is loaded; revocation cannot be checked";
        }

        var now = Time.GetUtcNow();
        return now > crl.NextUpdate + Options.RevocationGrace
            ? $"the CRL (number {crl.Number}) was due for renewal at {Display(crl.NextUpdate)}; with a grace of {Options.RevocationGrace} it is stale since {Display(crl.NextUpdate + Options.RevocationGrace)}, judged at {Display(now)}"
            : null;
    }

    private void RequireSameRoot(RevocationList revocationList)
    {
        if (!revocationList.RootCertificateHash.AsSpan().SequenceEqual(_rootHash))
        {
            throw new ArgumentException("The CRL was verified against another root certificate.", nameof(revocationList));
        }
    }

    /// <summary>
    /// Times in these details as every command prints them (2026-11-30 00:00:00Z), to the second: they reach operators
    /// (a refused start, a refused enrolment, a quarantine reason), who compare them with `members` and `status`.
    /// </summary>
    private static string Display(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
