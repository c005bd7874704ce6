namespace HstFederation.Hub.Intelligence;

/// <summary>The federation's revocation data is stale, so nothing can be verified now: the worker's batch is retried later.</summary>
internal sealed class TrustDataStaleException(string detail) : Exception($"trust data stale: {detail}");
