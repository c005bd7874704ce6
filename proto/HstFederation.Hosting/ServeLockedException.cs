namespace HstFederation.Hosting;

/// <summary>Another serve holds the database (<see cref="ServeLock"/>): its message is the one line the operator sees.</summary>
public sealed class ServeLockedException(string message, Exception? inner) : Exception(message, inner);
