namespace HstFederation.Node.Lifecycle;

/// <summary>A lifecycle command (update, restrict, recall, extend, lapse) refused by this node before anything was queued.</summary>
internal sealed class LifecycleRefusedException : Exception
{
    public LifecycleRefusedException()
    {
    }

    public LifecycleRefusedException(string message)
        : base(message)
    {
    }

    public LifecycleRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
