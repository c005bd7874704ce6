namespace HstFederation.Node.Storage;

/// <summary>An update refused inside its enqueue transaction: the version it supersedes changed meanwhile, or the update drops a holder.</summary>
internal sealed class UpdateRefusedException : Exception
{
    public UpdateRefusedException()
    {
    }

    public UpdateRefusedException(string message)
        : base(message)
    {
    }

    public UpdateRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
