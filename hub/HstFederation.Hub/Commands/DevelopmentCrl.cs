using System.Numerics;
using System.Security.Cryptography;
using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Commands;

/// <summary>
/// DEVELOPMENT PKI ONLY (certs-dev): adds serials to the federation CRL at Hub:RevocationListPath, signed with
/// the development root key, as certs-dev's `revoke` does. A production CRL is issued by the CA operator.
/// Opening checks everything the write needs (root key of that root, current CRL, where the file goes), so
/// `revoke` can refuse before it changes anything. It holds the CRL's <see cref="CrlWriteLock"/> from before the current
/// CRL is read until it is disposed, after the new one is installed.
/// </summary>
internal sealed class DevelopmentCrl : IDisposable
{
    private readonly DevelopmentPki _pki;
    private readonly RevocationList? _current;
    private readonly byte[]? _currentBytes;
    private readonly CrlWriteLock _lock;

    private DevelopmentCrl(DevelopmentPki pki, RevocationList? current, byte[]? currentBytes, string path, CrlWriteLock writeLock)
    {
        _pki = pki;
        _current = current;
        _currentBytes = currentBytes;
        Path = path;
        _lock = writeLock;
    }

    /// <summary>Hub:RevocationListPath, where the new CRL goes.</summary>
    public string Path { get; }

    /// <summary>The number the next CRL gets.</summary>
    public BigInteger NextNumber => (_current?.Number ?? BigInteger.Zero) + BigInteger.One;

    /// <summary>The current CRL's number; null when there is no CRL file yet.</summary>
    public BigInteger? CurrentNumber => _current?.Number;

    public static DevelopmentCrl Open(HubOptions options, string rootKeyPath, TimeProvider time)
    {
        var crlPath = options.RevocationListPath;
        if (System.IO.Directory.Exists(crlPath) || !System.IO.Directory.Exists(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(crlPath))))
        {
            throw new CommandFailedException(
                $"{HubOptions.Section}:{nameof(HubOptions.RevocationListPath)}: {crlPath} cannot be written: it is a directory or its directory does not exist.");
        }

        var writeLock = CrlWriteLock.Take(crlPath);
        try
        {
            // The bytes the new CRL is built on: Install refuses to replace a file that is no longer these.
            var currentBytes = File.Exists(crlPath) ? File.ReadAllBytes(crlPath) : null;
            var trust = FederationTrust.Load(options.RootCertificatePath, currentBytes is null ? null : crlPath, time);
            return new DevelopmentCrl(OpenPki(options, rootKeyPath, trust, time), trust.RevocationList, currentBytes, crlPath, writeLock);
        }
        catch
        {
            writeLock.Dispose();
            throw;
        }
    }

    private static DevelopmentPki OpenPki(HubOptions options, string rootKeyPath, FederationTrust trust, TimeProvider time)
    {
        try
        {
            var rootPem = File.ReadAllText(options.RootCertificatePath);
            return DevelopmentPki.Open(rootPem, File.ReadAllText(rootKeyPath), trust.RevocationList, time.GetUtcNow());
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandFailedException($"--root-key: {rootKeyPath}: file not found.", e);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            throw new CommandFailedException($"--root-key: {rootKeyPath}: not the private key of {options.RootCertificatePath}: {e.Message}", e);
        }
    }

    /// <summary>The serials of <paramref name="serials"/> the current CRL does not list yet.</summary>
    public List<string> NotListed(IEnumerable<string> serials) =>
        serials.Where(serial => _current is null || !_current.TryGetRevocation(serial, out _)).ToList();

    /// <summary>
    /// Signs the next CRL with <paramref name="serials"/> added, revoked now, and writes it next to the CRL file
    /// (this is where an unwritable location fails, before anything changed); <see cref="StagedCrl.Install"/> puts it in place.
    /// </summary>
    public StagedCrl Stage(IReadOnlyCollection<string> serials, TimeProvider time, TimeSpan validity)
    {
        var now = time.GetUtcNow();
        foreach (var serial in serials)
        {
            _pki.Revoke(serial, now);
        }

        return StagedCrl.Write(_pki.IssueCrl(now, now + validity), Path, _currentBytes);
    }

    public void Dispose() => _lock.Dispose();
}
