namespace HstFederation.Storage;

/// <summary>
/// A directory could not be flushed to disk (<see cref="DurableRename"/>): a rename in it is done but may not survive a power
/// cut. Its own type, so that a caller that renamed its file into place knows the file now has that name.
/// </summary>
public sealed class DirectoryFlushException(string message) : IOException(message);
