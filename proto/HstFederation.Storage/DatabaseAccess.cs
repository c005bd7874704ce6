namespace HstFederation.Storage;

/// <summary>
/// Who may read the database, as `status` says it on both programs: the file's mode and, when its group or others may read
/// or write it, the start warning's words (<see cref="DatabasePermissions"/>). It informs and does not make `status` fail:
/// the access may be intended (a backup agent's group), and nothing here changes it, so a failing check could never clear.
/// </summary>
/// <param name="Path">The database, in full.</param>
/// <param name="Mode">Its mode as chmod takes it (0600); null on Windows, where the directory's ACL applies, or when it is missing.</param>
/// <param name="Problem">What is wrong and the fix, when others may read or write it; otherwise null.</param>
public sealed record DatabaseAccess(string Path, string? Mode, string? Problem)
{
    /// <summary>How the text form of `status` marks the line, as it marks a serve NOT running.</summary>
    public const string OpenToOthersMark = "OPEN TO OTHERS";

    public bool OpenToOthers => Problem is not null;

    /// <summary>The `status` line's value, or null when there is nothing to say.</summary>
    public string? Line => Problem is null ? null : $"{OpenToOthersMark}: {Problem}";

    public static DatabaseAccess Read(string databasePath, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var path = System.IO.Path.GetFullPath(databasePath);
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return new DatabaseAccess(path, null, null);
        }

        var mode = DatabasePermissions.Octal(File.GetUnixFileMode(path));
        return DatabasePermissions.Loose(path) is null
            ? new DatabaseAccess(path, mode, null)
            : new DatabaseAccess(path, mode,
                $"{path} is readable or writable by users other than its owner (mode {mode}), and it holds {Holds(program)}; restrict it with " +
                $"'{DatabasePermissions.Fix(path)}' (and its -wal and -shm files, if any, while the {program.Name} is stopped) unless that access is intended");
    }

    /// <summary>The `--json` form: {"path","mode","openToOthers","problem"}.</summary>
    public object Json() => new { Path, Mode, OpenToOthers, Problem };

    // As the start warnings say it (hub event 5, node event 5012): why the access matters.
    private static string Holds(DatabaseProgram program) => program == DatabaseProgram.Hub ? "who sent what to whom" : "messages in clear";
}
