namespace HstFederation.Node.Search;

/// <summary>
/// What an index entry is, and what a search looks for. <see cref="Any"/> exists only in queries.
/// Stored in <c>entities.kind</c> as the lower-case name (<see cref="SearchKinds"/>).
/// </summary>
internal enum SearchKind
{
    Any = 0,

    /// <summary>An identity document number (passport, ID card, residence permit …).</summary>
    Document,

    Phone,
    Email,

    /// <summary>A person's name or alias, in Latin transliteration or the original script.</summary>
    Name,

    Organisation,

    /// <summary>An online handle (Telegram, WhatsApp …).</summary>
    Handle,

    /// <summary>A vehicle's plate or VIN.</summary>
    Vehicle,

    /// <summary>A vessel's name, IMO or MMSI number.</summary>
    Vessel,

    /// <summary>An IBAN, account number, transfer reference, crypto address or card number.</summary>
    Financial,

    /// <summary>A case reference: the source's own, or related references (other NCBs', notices).</summary>
    Reference,

    /// <summary>Free text: titles, summaries, remarks, descriptions, addresses, instructions.</summary>
    Text,
}
