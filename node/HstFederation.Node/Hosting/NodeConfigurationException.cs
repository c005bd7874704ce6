namespace HstFederation.Node.Hosting;

/// <summary>The node cannot start as configured; the message names the setting or file and what is wrong.</summary>
public sealed class NodeConfigurationException : Exception
{
    public NodeConfigurationException()
    {
    }

    public NodeConfigurationException(string message)
        : base(message)
    {
    }

    public NodeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
