namespace HstFederation.Hub.Commands;

/// <summary>
/// One `revoke --root-key` at a time per CRL file: two at once would both issue the next CRL number from the same
/// current CRL, and the later rename would drop the other's serials while both print success. The lock is a file beside
/// the CRL (<c>CRL.lock</c>) opened with <see cref="FileShare.None"/> (an OS file lock, released when the process ends,
/// however it ends); the file itself is left in place, as deleting it would let a third revoke lock a new file while
/// the second still holds the old one.
/// </summary>
internal sealed class CrlWriteLock : IDisposable
{
    private readonly FileStream _file;

    private CrlWriteLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of the CRL at <paramref name="crlPath"/> or fails at once, naming the lock file.</summary>
    public static CrlWriteLock Take(string crlPath)
    {
        var path = crlPath + ".lock";
        try
        {
            return new CrlWriteLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CommandFailedException($"cannot create {path}, the lock beside the CRL: {e.Message}. Nothing was changed.", e);
        }
        catch (IOException e) when (File.Exists(path))
        {
            // Not waited on: a revoke holds it for as long as its operator takes to answer nothing, so the second one is told at once.
            throw new CommandFailedException(
                $"another revoke is writing the CRL at {crlPath} (it holds {path}): run this one again once it is done. Nothing was changed.", e);
        }
        catch (IOException e)
        {
            throw new CommandFailedException($"cannot create {path}, the lock beside the CRL: {e.Message}. Nothing was changed.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
