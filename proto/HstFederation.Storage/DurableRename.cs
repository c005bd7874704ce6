using System.Runtime.InteropServices;

namespace HstFederation.Storage;

/// <summary>
/// A rename into place that survives a power cut. On Linux and macOS a rename is a change to the directory, and it is on
/// the disk only once the directory itself is flushed: flushing the file first (as backup and the CRL do) keeps its bytes,
/// not its new name, so a power cut just after can bring back the old name (init's <c>.init</c>, backup's <c>.partial</c>)
/// or the old CRL. On Windows, NTFS journals the rename and .NET has no handle to flush a directory with: nothing to do.
/// </summary>
public static class DurableRename
{
    /// <summary><see cref="File.Move(string, string, bool)"/>, then the destination's directory flushed to disk.</summary>
    public static void Move(string source, string destination, bool overwrite)
    {
        File.Move(source, destination, overwrite);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
    }

    /// <summary>
    /// fsync of <paramref name="directory"/>: the names created, removed or renamed in it are on the disk when it returns.
    /// A <see cref="DirectoryFlushException"/> naming the directory when it cannot be opened or the disk reports an error; a file
    /// system that cannot flush a directory at all (EINVAL, ENOTSUP) has nothing more to offer and is not an error.
    /// </summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // .NET opens no handle on a directory (FileStream refuses one on Unix), so libc's open and fsync directly.
        var descriptor = Libc.Open(directory, Libc.ReadOnly);
        if (descriptor < 0)
        {
            throw Error("cannot open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Libc.Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is var errno && !Libc.CannotSyncDirectories(errno))
            {
                throw Error("cannot flush to disk", directory, errno);
            }
        }
        finally
        {
            _ = Libc.Close(descriptor);
        }
    }

    private static DirectoryFlushException Error(string what, string directory, int errno) =>
        new($"{what} the directory {directory} (a rename in it may not survive a power cut): {Marshal.GetPInvokeErrorMessage(errno)}");

    private static class Libc
    {
        /// <summary>O_RDONLY, 0 on every Unix; O_DIRECTORY and O_CLOEXEC differ between them and are not needed to fsync.</summary>
        public const int ReadOnly = 0;

        // DllImport, not LibraryImport: the generated stubs would need unsafe code for three int calls.
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int descriptor);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int descriptor);

        /// <summary>EINVAL, and ENOTSUP (Linux 95, macOS 45): the file system has no way to flush a directory.</summary>
        public static bool CannotSyncDirectories(int errno) => errno is 22 || (OperatingSystem.IsMacOS() ? errno is 45 : errno is 95);
    }
}
