namespace HstFederation.Node.Storage;

/// <summary>How a message's crime types are held against a <see cref="ContentFilter"/>'s allowed list.</summary>
internal enum CrimeTypeMatch
{
    /// <summary>The message concerns at least one allowed crime type (an operator filtering a list).</summary>
    Any = 0,

    /// <summary>
    /// Every crime type of the message is allowed, and it has at least one (a scope that must fail closed:
    /// a case that is also about something outside the scope stays hidden).
    /// </summary>
    All = 1,
}
