namespace HstFederation.Hub.Storage;

/// <summary>Why a product run exists; stored in <c>product_runs.origin</c> (never renumber).</summary>
internal enum ProductOrigin
{
    /// <summary>The hub's schedule (Hub:Products).</summary>
    Schedule = 1,

    /// <summary>An operator's `hst-hub products run`.</summary>
    Request = 2,
}
