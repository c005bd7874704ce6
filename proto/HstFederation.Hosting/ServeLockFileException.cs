namespace HstFederation.Hosting;

/// <summary>
/// The serve lock's files beside the database could not be created or written (a full disk, a directory this user may
/// not write): its message is the one line the operator sees, naming the file, the system's reason and what to do.
/// </summary>
public sealed class ServeLockFileException(string message, Exception inner) : Exception(message, inner);
