namespace HstFederation.Node.Intelligence;

internal enum ReleaseResult
{
    /// <summary>The hub forwarded the message (now or, when duplicate, earlier) to the hit's other source.</summary>
    Released,

    /// <summary>The hub, or this node before asking it, refused; nothing was forwarded.</summary>
    Refused,

    /// <summary>The hub could not be reached or could not answer now; nothing was recorded; try again.</summary>
    Unavailable,
}
