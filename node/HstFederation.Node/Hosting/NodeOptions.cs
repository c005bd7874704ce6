using System.ComponentModel.DataAnnotations;

namespace HstFederation.Node.Hosting;

/// <summary>Section "Node" of appsettings / HST_Node__* environment / --Node:* command line. Validated at start.</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>The SQLite database file (outbox, inbox, index, audit).</summary>
    [Required]
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>This NCB's party directory from the federation PKI (tls, signing and encryption certificates and keys).</summary>
    [Required]
    public string CredentialsDirectory { get; set; } = string.Empty;

    /// <summary>The federation root certificate (PEM): the only trust anchor for the hub link and for messages.</summary>
    [Required]
    public string RootCertificatePath { get; set; } = string.Empty;

    /// <summary>The federation CRL (PEM), re-read when it changes.</summary>
    [Required]
    public string RevocationListPath { get; set; } = string.Empty;

    /// <summary>How long past its nextUpdate the CRL is still used; after that every certificate is refused (fails closed).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RevocationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The hub's address, e.g. https://hub.ipsg.example:7443 (mutual TLS 1.3; the server must be certified as the hub).</summary>
    [Required]
    [Url]
    public string HubAddress { get; set; } = string.Empty;

    /// <summary>First retry delay to the hub; later ones grow exponentially with jitter up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the outbox is looked at for messages queued by another process (e.g. `hst-node send`).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A member directory older than this is refreshed before it is used (kept while the hub is away, until it expires).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DirectoryRefresh { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Address the agency API listens on (mutual TLS 1.3 with certificates from the national CA).</summary>
    [Required]
    public string AgencyListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The agency API port; 0 picks a free one (tests), written to AgencyPortFile if set.</summary>
    [Range(0, 65535)]
    public int AgencyPort { get; set; } = 8443;

    /// <summary>Where the bound agency port is written once listening (for scripts and tests using port 0).</summary>
    public string? AgencyPortFile { get; set; }

    /// <summary>
    /// The NCB's national CA certificate (PEM): the only trust anchor for agency client certificates. Not the
    /// federation root; the OS store plays no part either.
    /// </summary>
    [Required]
    public string AgencyRootCertificatePath { get; set; } = string.Empty;

    /// <summary>The agency API's server certificate (PEM), issued by the national CA for the names agencies connect to.</summary>
    [Required]
    public string AgencyCertificatePath { get; set; } = string.Empty;

    /// <summary>The private key (PKCS#8 PEM) of <see cref="AgencyCertificatePath"/>.</summary>
    [Required]
    public string AgencyPrivateKeyPath { get; set; } = string.Empty;

    /// <summary>
    /// TLS connections the agency listener accepts at once, all agencies together (Kestrel's MaxConcurrentConnections; the
    /// listener is the node's only one); one more is closed before TLS.
    /// </summary>
    [Range(1, 100_000)]
    public int AgencyMaxConnections { get; set; } = 256;

    /// <summary>
    /// TLS handshakes in progress from one remote address on the agency listener; one more is closed before TLS (ConnectionGate),
    /// so one host that never finishes its handshakes cannot take all <see cref="AgencyMaxConnections"/>.
    /// </summary>
    [Range(1, 100_000)]
    public int AgencyMaxHandshakesPerAddress { get; set; } = 64;

    /// <summary>
    /// Established agency-listener connections of one agency (all its certificates together); one more is closed right after
    /// TLS (ConnectionGate). Twice <see cref="AgencyMaxConcurrentCalls"/> by default: an HTTP/1.1 (JSON) client needs a
    /// connection per call in progress, and should meet TOO_MANY_CALLS, with its reason, before a closed connection.
    /// </summary>
    [Range(1, 10_000)]
    public int AgencyMaxConnectionsPerAgency { get; set; } = 32;

    /// <summary>How often an idle WatchInbox stream re-checks that its agency is still registered, enabled and certified.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan AgencyWatchRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls one agency may have in progress at once, its WatchInbox streams included; one more is refused with
    /// RESOURCE_EXHAUSTED, TOO_MANY_CALLS (docs/agency-api.md §3), so one agency's system cannot take every thread of the node.
    /// </summary>
    [Range(1, 1000)]
    public int AgencyMaxConcurrentCalls { get; set; } = 16;

    /// <summary>
    /// Calls all agencies together may have in progress at once, their WatchInbox streams included; one more is refused with
    /// RESOURCE_EXHAUSTED, NODE_BUSY (docs/agency-api.md §3): many registered agencies, each within
    /// <see cref="AgencyMaxConcurrentCalls"/>, must still leave the node's threads and store to the NCB's operators and the hub link.
    /// </summary>
    [Range(1, 10000)]
    public int AgencyMaxConcurrentCallsTotal { get; set; } = 64;

    /// <summary>WatchInbox streams one agency may hold open at once (within <see cref="AgencyMaxConcurrentCalls"/>); one more is TOO_MANY_STREAMS.</summary>
    [Range(1, 100)]
    public int AgencyMaxWatchStreams { get; set; } = 4;

    /// <summary>
    /// Searches one agency may run at once (within <see cref="AgencyMaxConcurrentCalls"/>); one more is TOO_MANY_SEARCHES.
    /// A search is the one call whose work grows with the index: a few of them keep the node's cores busy.
    /// </summary>
    [Range(1, 100)]
    public int AgencyMaxConcurrentSearches { get; set; } = 2;

    /// <summary>
    /// The work one agency Search may do in SQLite, in virtual-machine steps (counted by SQLite's progress handler, so the
    /// same search on the same data always costs the same): past it the search stops, RESOURCE_EXHAUSTED, SEARCH_TOO_BROAD.
    /// </summary>
    [Range(typeof(long), "1000", "9223372036854775807")]
    public long AgencySearchMaxSteps { get; set; } = 200_000_000;

    /// <summary>
    /// Message content (plaintext bytes) one ListOutbox, ListInbox, Search, ListHits or ListProducts call (a product counts its
    /// own bytes), or one WatchInbox batch, reads from the store at most (at least one message, hit or product): bounds the
    /// memory and work an agency's list or stream costs, whatever the size of the messages.
    /// </summary>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long AgencyReadBudgetBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The federation matching key file (members only, never the hub): a message the hub may not read leaves with
    /// blind tokens of its strong identifiers under the file's first (current) key. Optional: without it, no tokens.
    /// </summary>
    public string? MatchingKeyPath { get; set; }

    /// <summary>
    /// Signs the delivery receipts of each acknowledge call together, through one Merkle root (docs/protocol.md §12.2):
    /// one signature per call here and one verification at the hub. Turn it off only while some NCB of the federation
    /// still runs a node from before batch signatures (it would quarantine such receipts as invalid).
    /// </summary>
    public bool SignReceiptsInBatches { get; set; } = true;

    /// <summary>
    /// Test and drill setting: shifts this node's clock (everything it timestamps, seals and checks) by this much
    /// from the system clock, e.g. 00:10:00 or -00:10:00, to rehearse a skewed clock. 0 (the default) in production.
    /// </summary>
    [Range(typeof(TimeSpan), "-30.00:00:00", "30.00:00:00")]
    public TimeSpan ClockOffset { get; set; } = TimeSpan.Zero;
}
