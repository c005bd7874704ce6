using System.ComponentModel.DataAnnotations;

namespace HstFederation.Hub.Hosting;

/// <summary>Section "Hub" of appsettings / HST_Hub__* environment / --Hub:* command line. Validated at start.</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>The SQLite database file.</summary>
    [Required]
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>The hub's party directory (tls, signing and encryption certificates and keys).</summary>
    [Required]
    public string CredentialsDirectory { get; set; } = string.Empty;

    /// <summary>The federation root certificate (PEM). The only trust anchor.</summary>
    [Required]
    public string RootCertificatePath { get; set; } = string.Empty;

    /// <summary>The federation CRL (PEM), re-read when it changes.</summary>
    [Required]
    public string RevocationListPath { get; set; } = string.Empty;

    /// <summary>How long past its nextUpdate the CRL is still used; after that every certificate is refused (fails closed).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RevocationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the CRL file is re-read.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RevocationListRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Address Kestrel listens on for members (mutual TLS 1.3 only).</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); the bound port is logged and written to PortFile if set.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 7443;

    /// <summary>Port of the admin listener (plain HTTP on 127.0.0.1, serves /metrics only); 0 picks a free port, -1 disables it.</summary>
    [Range(-1, 65535)]
    public int AdminPort { get; set; } = 9464;

    /// <summary>Optional file the admin listener's bound port is written to once listening (with AdminPort = 0: the load generator).</summary>
    public string? AdminPortFile { get; set; }

    /// <summary>Optional file the bound port is written to once listening (used by ./hst and tests).</summary>
    public string? PortFile { get; set; }

    /// <summary>Envelopes created longer ago than this are refused on Submit (replay window).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SubmitWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far a sender's sequence may jump ahead of the last accepted one.</summary>
    [Range(1, 1_000_000)]
    public int MaxSequenceJump { get; set; } = 10_000;

    /// <summary>Validity of each published member directory; nodes stop trusting it after that.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DirectoryValidity { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a signed head of the audit chain is served before a new one is read and signed (GetAuditHead). Every
    /// member asking within the interval gets the same head, so the members' records of it agree.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AuditHeadInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries sent per read from the store while streaming.</summary>
    [Range(1, 10_000)]
    public int DeliveryPageSize { get; set; } = 256;

    /// <summary>TLS connections the hub accepts at once (all members together).</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>TLS handshakes in progress from one remote address; more are closed before TLS (ConnectionGate).</summary>
    [Range(1, 100_000)]
    public int MaxHandshakesPerAddress { get; set; } = 256;

    /// <summary>Established connections of one member; more are closed right after TLS (ConnectionGate).</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerMember { get; set; } = 16;

    /// <summary>Concurrent calls on one connection; bounds how many envelopes one connection can have in flight.</summary>
    [Range(1, 1000)]
    public int MaxCallsPerConnection { get; set; } = 32;

    /// <summary>Subscribe streams one member may hold open at once; more are ResourceExhausted.</summary>
    [Range(1, 64)]
    public int MaxStreamsPerMember { get; set; } = 4;

    /// <summary>Sustained submissions per second per member (token bucket); beyond it ResourceExhausted + retry-after.</summary>
    [Range(1, 100_000)]
    public int SubmitRatePerSecond { get; set; } = 500;

    /// <summary>Submissions of one member processed at once; more are ResourceExhausted with a short retry-after.</summary>
    [Range(1, 1000)]
    public int MaxSubmitsInFlightPerMember { get; set; } = 16;

    /// <summary>Submissions a member may send in a burst above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int SubmitBurst { get; set; } = 1000;

    /// <summary>How stale the running hub's view of members and regions may be.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RegistryRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Storage quota in database pages (SQLite <c>max_page_count</c>; 4 KiB pages), null for none. When it is
    /// reached writes fail as disk full: Submit and Acknowledge are refused as retriable (Unavailable, StorageFull).
    /// </summary>
    [Range(typeof(long), "1", "4294967294")]
    public long? MaxDatabasePages { get; set; }

    /// <summary>Section Hub:Intelligence: matching, hit notifications (docs/intelligence.md).</summary>
    public Intelligence.IntelligenceOptions Intelligence { get; set; } = new();
}
