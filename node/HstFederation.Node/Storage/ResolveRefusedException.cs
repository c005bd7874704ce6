namespace HstFederation.Node.Storage;

/// <summary>A resolution refused (<see cref="OperatorResolutions"/>): no such row, or resolved already. Nothing was changed.</summary>
internal sealed class ResolveRefusedException : Exception
{
    public ResolveRefusedException()
    {
    }

    public ResolveRefusedException(string message)
        : base(message)
    {
    }

    public ResolveRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
