using System.Text.Json;

namespace HstFederation.Hosting;

/// <summary>
/// One `serve` per database, for the hub and a node alike: an exclusive lock on <c>&lt;database&gt;.serve</c>, held for the
/// process's life. Two serves on one file would each take it for their own: two writers, each waking only its own streams.
/// On Unix, .NET takes an advisory flock(LOCK_EX | LOCK_NB) on a file opened with FileShare.None (LOCK_SH with any
/// other FileShare) and throws an IOException when another open file holds a conflicting one; the kernel drops the lock
/// with the last descriptor, so a serve killed by SIGKILL leaves no stale lock (the file stays; it is never deleted, as
/// unlinking a lock file another process is about to lock would let two serves each hold "the" lock). Setting
/// DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns this off, and with it the check.
/// </summary>
public sealed class ServeLock : IDisposable
{
    /// <summary>
    /// A status probe holds a shared lock for the instant it opens the file: a serve starting in that instant tries again
    /// before it concludes another serve holds the database.
    /// </summary>
    private const int Attempts = 5;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _lock;

    private ServeLock(FileStream held) => _lock = held;

    public static string LockPath(string databasePath) => Path.GetFullPath(databasePath) + ".serve";

    /// <summary>
    /// Who holds the lock, for a reader: while it is held the lock file cannot be opened by .NET (every FileStream asks
    /// for at least a shared flock), hence a second file, written whole (renamed into place) once the lock is held. A row
    /// in the database would take a migration and a write before the store is open, and would outlive a killed serve just
    /// the same: what makes either true is the lock, which <see cref="Probe"/> checks first.
    /// </summary>
    public static string HolderPath(string databasePath) => LockPath(databasePath) + ".pid";

    /// <summary>
    /// Takes the lock, or throws <see cref="ServeLockedException"/> naming the database and, when recorded, the pid and start
    /// time of the serve holding it; <paramref name="program"/> (hst-hub, hst-node) and <paramref name="databaseSetting"/>
    /// (Hub:DatabasePath, Node:DatabasePath) are the words of that message.
    /// </summary>
    public static async Task<ServeLock> AcquireAsync(
        string databasePath, string program, string databaseSetting, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = LockPath(databasePath);
        for (var attempt = 1; ; attempt++)
        {
            FileStream held;
            try
            {
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path) && attempt < Attempts)
            {
                await Task.Delay(RetryDelay, time, cancellationToken);
                continue;
            }
            catch (IOException error) when (File.Exists(path))
            {
                var holder = Probe(databasePath);
                if (!holder.Running)
                {
                    throw Unwritable(path, databasePath, error);
                }

                throw new ServeLockedException(
                    $"{Path.GetFullPath(databasePath)} is already served by another '{program} serve'{holder.Describe()}: one serve per database " +
                    $"(lock {path}); stop that one, or give this one its own {databaseSetting}.", error);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw Unwritable(path, databasePath, error);
            }

            try
            {
                WriteHolder(databasePath, time.GetUtcNow());
                return new ServeLock(held);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                held.Dispose();
                throw Unwritable(HolderPath(databasePath), databasePath, error);
            }
            catch
            {
                held.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// The lock for a command that needs serve stopped (a restore replaces the database under it), held until disposed so that
    /// no serve starts half-way: a serve running now, or one that took the lock meanwhile, is a
    /// <see cref="ServeLockedException"/> naming it, "stop it first (<paramref name="why"/>). Nothing was changed."
    /// </summary>
    public static async Task<ServeLock> AcquireStoppedAsync(
        string databasePath, string program, string databaseSetting, string why, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Probe(databasePath) is { Running: true } holder)
        {
            throw Running(databasePath, program, why, holder, inner: null);
        }

        try
        {
            return await AcquireAsync(databasePath, program, databaseSetting, time, cancellationToken);
        }
        catch (ServeLockedException error)
        {
            throw Running(databasePath, program, why, Probe(databasePath), error);
        }
    }

    private static ServeLockedException Running(string databasePath, string program, string why, ServeHolder holder, Exception? inner) =>
        new($"{Path.GetFullPath(databasePath)} is being served by '{program} serve'{holder.Describe()}: stop it first ({why}). Nothing was changed.", inner);

    /// <summary>Whether a serve holds <paramref name="databasePath"/> now, and its pid and start time when recorded.</summary>
    public static ServeHolder Probe(string databasePath)
    {
        var path = LockPath(databasePath);
        try
        {
            // A shared lock for the instant of the open: it conflicts only with a held exclusive one.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return ServeHolder.None;
        }
        catch (FileNotFoundException)
        {
            return ServeHolder.None;
        }
        catch (IOException) when (File.Exists(path))
        {
            return ReadHolder(databasePath);
        }
    }

    public void Dispose() => _lock.Dispose();

    private static void WriteHolder(string databasePath, DateTimeOffset startedAt)
    {
        var path = HolderPath(databasePath);
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Holder(Environment.ProcessId, startedAt.ToUniversalTime())));
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A write cut short by a full disk leaves a partial file: nothing reads it, but it should not outlive the attempt.
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Best effort: the failure being reported is the write's.
        }
    }

    /// <summary>
    /// Why the serve cannot start, in one line: the file, the system's words (which say "No space left on device" or
    /// "Access denied") and the two usual remedies, rather than an unhandled exception and a stack trace.
    /// </summary>
    private static ServeLockFileException Unwritable(string file, string databasePath, Exception error) =>
        new($"cannot write {file}, the serve lock beside {Path.GetFullPath(databasePath)}: {error.Message.TrimEnd('.')}. " +
            "Free space on that disk, or let this user write to that directory, then start serve again.", error);

    private static ServeHolder ReadHolder(string databasePath)
    {
        try
        {
            var holder = JsonSerializer.Deserialize<Holder>(File.ReadAllText(HolderPath(databasePath)));
            return new ServeHolder(true, holder?.Pid, holder?.StartedAt);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            // Held, but by whom is not known: the lock is what counts.
            return new ServeHolder(true, null, null);
        }
    }

    private sealed record Holder(int Pid, DateTimeOffset StartedAt);
}
