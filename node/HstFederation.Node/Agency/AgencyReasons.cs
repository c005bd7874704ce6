namespace HstFederation.Node.Agency;

/// <summary>
/// The machine-readable reasons of the agency API's refusals: google.rpc.ErrorInfo.reason (domain
/// <see cref="Domain"/>) next to the gRPC status, and the start of the status message.
/// </summary>
internal static class AgencyReasons
{
    public const string Domain = "hst.node.agency";

    /// <summary>UNAUTHENTICATED: no valid agency certificate on the connection (normally refused at the handshake).</summary>
    public const string CertificateRefused = "CERTIFICATE_REFUSED";

    /// <summary>
    /// UNAUTHENTICATED: the NCB blocked this very certificate (lost, stolen); the agency's other certificates keep working.
    /// Judged before the agency's registration and state, so the reason is the certificate's.
    /// </summary>
    public const string CertificateBlocked = "CERTIFICATE_BLOCKED";

    /// <summary>PERMISSION_DENIED: the certificate's agency is not in the node's scope table.</summary>
    public const string AgencyNotRegistered = "AGENCY_NOT_REGISTERED";

    /// <summary>PERMISSION_DENIED: the agency is registered but disabled by the NCB.</summary>
    public const string AgencyDisabled = "AGENCY_DISABLED";

    /// <summary>PERMISSION_DENIED: the agency's scope does not allow this call (submit, search).</summary>
    public const string OutOfScope = "OUT_OF_SCOPE";

    /// <summary>NOT_FOUND: no message with this id that the agency may read (missing and out of scope look the same).</summary>
    public const string MessageNotFound = "MESSAGE_NOT_FOUND";

    /// <summary>NOT_FOUND: no hit with this id on a message the agency may see (missing and out of scope look the same).</summary>
    public const string HitNotFound = "HIT_NOT_FOUND";

    /// <summary>NOT_FOUND: no product with this id built only from messages the agency may read (missing and out of scope look the same).</summary>
    public const string ProductNotFound = "PRODUCT_NOT_FOUND";

    /// <summary>
    /// FAILED_PRECONDITION: ReleaseHit refused, by the hub (its RejectionReason in the message, e.g. ForwardNotPermitted) or
    /// by the node (NotReleasable, NotSent); recorded on the hit. Not worth retrying as it stands.
    /// </summary>
    public const string ReleaseRefused = "RELEASE_REFUSED";

    /// <summary>UNAVAILABLE: ReleaseHit could not reach the hub or the hub could not answer now; nothing was recorded; retry later.</summary>
    public const string HubUnavailable = "HUB_UNAVAILABLE";

    /// <summary>INVALID_ARGUMENT: the request or the HST message is not valid; google.rpc.BadRequest names the fields.</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>
    /// RESOURCE_EXHAUSTED (HTTP 413): a JSON request body larger than the node accepts (8 MiB), refused as it is read
    /// (<see cref="AgencyJsonRequestCheck"/>). A gRPC message past its limit is refused by gRPC itself.
    /// </summary>
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    /// <summary>NOT_FOUND (HTTP 404): JSON, a path the agency API does not have (<see cref="AgencyJsonUnknownRoute"/>).</summary>
    public const string PathNotFound = "PATH_NOT_FOUND";

    /// <summary>NOT_FOUND (HTTP 405, with Allow): JSON, a path of the API with a method it does not take, e.g. DELETE /v1/inbox.</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    /// <summary>FAILED_PRECONDITION: the message cannot be queued now (e.g. regions need the member directory and none is held).</summary>
    public const string CannotQueue = "CANNOT_QUEUE";

    /// <summary>
    /// ALREADY_EXISTS: the submission's request_id was already used by this agency for a different request; nothing
    /// was queued. Retrying cannot help: a new submission needs a new request id.
    /// </summary>
    public const string RequestIdReused = "REQUEST_ID_REUSED";

    /// <summary>
    /// FAILED_PRECONDITION: the submission's request_id names a message the NCB cancelled, or purged at its retention date,
    /// before it was ever sent; it never will be, nothing was queued. To send it after all, a new request id.
    /// </summary>
    public const string SubmissionStopped = "SUBMISSION_STOPPED";

    /// <summary>RESOURCE_EXHAUSTED: the agency already has AgencyMaxConcurrentCalls calls in progress; retry when one ends.</summary>
    public const string TooManyCalls = "TOO_MANY_CALLS";

    /// <summary>
    /// RESOURCE_EXHAUSTED: all agencies together already have AgencyMaxConcurrentCallsTotal calls in progress, though this
    /// agency is within its own limits; retry later (with backoff).
    /// </summary>
    public const string NodeBusy = "NODE_BUSY";

    /// <summary>RESOURCE_EXHAUSTED: the agency already has AgencyMaxWatchStreams WatchInbox streams open.</summary>
    public const string TooManyStreams = "TOO_MANY_STREAMS";

    /// <summary>RESOURCE_EXHAUSTED: the agency already has AgencyMaxConcurrentSearches searches running; retry when one ends.</summary>
    public const string TooManySearches = "TOO_MANY_SEARCHES";

    /// <summary>RESOURCE_EXHAUSTED: the search would do more work than AgencySearchMaxSteps allows; narrow it (longer words, a kind).</summary>
    public const string SearchTooBroad = "SEARCH_TOO_BROAD";

    /// <summary>UNAVAILABLE: the node's store could not commit; nothing was queued; retry later.</summary>
    public const string StoreUnavailable = "STORE_UNAVAILABLE";

    /// <summary>INTERNAL: unexpected; quote the correlation id to the NCB operator.</summary>
    public const string Internal = "INTERNAL";
}
