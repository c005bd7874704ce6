using System.Text;
using HstFederation.DevPki;

namespace HstFederation.Hub.Commands;

/// <summary>
/// A signed CRL written beside Hub:RevocationListPath, not yet in force. <see cref="Install"/> replaces the CRL
/// file with it in one rename (a running hub re-reads the file when it changes), provided the CRL file is still the one
/// the new CRL was built on; disposing without installing removes it.
/// </summary>
internal sealed class StagedCrl : IDisposable
{
    private readonly string _temporary;
    private readonly byte[]? _basedOn;
    private bool _installed;

    private StagedCrl(IssuedCrl crl, string path, string temporary, byte[]? basedOn)
    {
        Crl = crl;
        Path = path;
        _temporary = temporary;
        _basedOn = basedOn;
    }

    public IssuedCrl Crl { get; }

    public string Path { get; }

    /// <summary>Writes <paramref name="crl"/> beside <paramref name="path"/>, built on <paramref name="basedOn"/> (the CRL file's bytes; null when there was none).</summary>
    public static StagedCrl Write(IssuedCrl crl, string path, byte[]? basedOn) =>
        Write(crl, path, basedOn, static (stream, bytes) => stream.Write(bytes));

    /// <summary>As <see cref="Write(IssuedCrl, string, byte[])"/>, with the bytes written by <paramref name="write"/> (tests make it fail part-way).</summary>
    internal static StagedCrl Write(IssuedCrl crl, string path, byte[]? basedOn, Action<FileStream, byte[]> write)
    {
        // A name of its own in the CRL's directory (a rename only replaces atomically within one file system), so two
        // writers can neither overwrite nor remove each other's file.
        var fullPath = System.IO.Path.GetFullPath(path);
        var temporary = System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(fullPath)!, $"{System.IO.Path.GetFileName(fullPath)}.{System.IO.Path.GetRandomFileName()}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream, Encoding.UTF8.GetBytes(crl.Pem + "\n"));
                // On disk before the rename: otherwise a crash after it can leave an empty or partial CRL in force.
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CommandFailedException($"cannot write the new CRL beside {path}: {e.Message}", e);
        }

        return new StagedCrl(crl, path, temporary, basedOn);
    }

    /// <summary>Renames the new CRL over the file; an <see cref="IOException"/> when the file changed since it was read (the new CRL would drop that change).</summary>
    public void Install()
    {
        var now = File.Exists(Path) ? File.ReadAllBytes(Path) : null;
        if (!(now ?? []).AsSpan().SequenceEqual(_basedOn ?? []) || (now is null) != (_basedOn is null))
        {
            throw new IOException($"{Path} was replaced since this revoke read it (by a tool that does not take {Path}.lock); the new CRL was not installed");
        }

        // The directory flushed too: a power cut just after the rename can otherwise bring the previous CRL back into force.
        DurableRename.Move(_temporary, Path, overwrite: true);
        _installed = true;
    }

    public void Dispose()
    {
        if (!_installed)
        {
            TryDelete(_temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more; a leftover *.tmp beside the CRL is never read.
        }
    }
}
