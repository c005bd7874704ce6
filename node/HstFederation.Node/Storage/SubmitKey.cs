namespace HstFederation.Node.Storage;

/// <summary>
/// The idempotency key of a submission: the client's <see cref="RequestId"/> (scoped to the submitting actor) and
/// the SHA-256 of the request it names, so that a retry (same hash) is told from a reuse of the key (another hash).
/// </summary>
internal sealed record SubmitKey(string RequestId, byte[] RequestSha256)
{
    public const int MaxLength = 128;

    /// <summary>Null when <paramref name="requestId"/> is a valid key (1–128 printable ASCII characters), else why not.</summary>
    public static string? Problem(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        if (requestId.Length is 0 or > MaxLength)
        {
            return $"a request id is 1 to {MaxLength} characters, not {requestId.Length}";
        }

        return requestId.All(c => c is >= ' ' and <= '~') ? null : "a request id is printable ASCII characters only (0x20-0x7E)";
    }

    public void Validate()
    {
        if (Problem(RequestId) is { } problem)
        {
            throw new ArgumentException(problem, nameof(RequestId));
        }

        if (RequestSha256 is not { Length: 32 })
        {
            throw new ArgumentException("The request hash must be a SHA-256 (32 bytes).", nameof(RequestSha256));
        }
    }
}
