namespace HstFederation.Storage;

/// <summary>
/// The database file cannot be used by this program as it is: another program's database, a schema newer than this
/// program knows, not a database, locked, a directory. The message is one line for the operator: the file, what is
/// wrong and what to do; nothing in the file was changed.
/// </summary>
public sealed class DatabaseFileException : Exception
{
    public DatabaseFileException()
    {
    }

    public DatabaseFileException(string message)
        : base(message)
    {
    }

    public DatabaseFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
