namespace HstFederation.Protocol.Validation;

/// <summary>
/// The limits <see cref="HstMessageValidator"/> enforces. Text lengths count UTF-16 code units
/// (<see cref="string.Length"/>). They are generous for real cases and exist so that hostile input
/// is refused cleanly; content is otherwise arbitrary Unicode.
/// </summary>
public static class HstMessageLimits
{
    /// <summary>References, numbers, codes, labels, localities, handles, e-mail addresses.</summary>
    public const int MaxShortTextLength = 256;

    /// <summary>Names, aliases, titles, streets, contact points.</summary>
    public const int MaxNameLength = 512;

    /// <summary>Summaries, descriptions, remarks, details, instructions (64 KiB).</summary>
    public const int MaxFreeTextLength = 64 * 1024;

    /// <summary>All text of one message together (4 Mi code units).</summary>
    public const long MaxTotalTextLength = 4L * 1024 * 1024;

    public const int MaxPersons = 1_000;
    public const int MaxIncidents = 500;
    public const int MaxOrganisations = 500;
    public const int MaxRoutes = 200;
    public const int MaxLegsPerRoute = 100;
    public const int MaxViaPerLeg = 50;
    public const int MaxConveyances = 1_000;
    public const int MaxFinancialIdentifiers = 1_000;
    public const int MaxModusOperandi = 100;
    public const int MaxRelations = 10_000;
    public const int MaxRequests = 100;
    public const int MaxCrimeTypes = 20;
    public const int MaxRelatedReferences = 100;

    /// <summary>Aliases, nationalities, documents, phones, e-mails, handles and addresses of one person, each.</summary>
    public const int MaxItemsPerPerson = 100;

    /// <summary>Aliases and countries of operation of one organisation, each.</summary>
    public const int MaxItemsPerOrganisation = 100;

    /// <summary>Index lists: conveyance indexes, member person indexes.</summary>
    public const int MaxIndexesPerList = 1_000;

    /// <summary>Members, regions and excluded members of the addressees, each.</summary>
    public const int MaxAddressees = 300;

    /// <summary>Earliest year of any date.</summary>
    public const int MinYear = 1900;

    /// <summary>Event dates (travel, flights, document issue) may lie up to this many years after the current year.</summary>
    public const int MaxYearsAheadForEvents = 1;

    /// <summary>A document's valid_until may lie up to this many years after the current year.</summary>
    public const int MaxYearsAheadForExpiry = 20;

    /// <summary>retain_until may lie at most this many years (of 366 days) after now.</summary>
    public const int MaxRetentionYears = 30;

    /// <summary>Errors reported at most; validation of hostile input stays bounded.</summary>
    public const int MaxErrors = 200;

    /// <summary>Tolerated clock difference for instants that must not lie in the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
}
