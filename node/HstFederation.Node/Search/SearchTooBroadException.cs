namespace HstFederation.Node.Search;

/// <summary>A search stopped by its work budget (<see cref="EntityQuery.MaxSteps"/>) before it finished; nothing is returned.</summary>
internal sealed class SearchTooBroadException : Exception
{
    public SearchTooBroadException()
        : base("The search would do more work than its budget allows; narrow it (longer words, a kind).")
    {
    }

    public SearchTooBroadException(string message)
        : base(message)
    {
    }

    public SearchTooBroadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
