namespace HstFederation.Protocol.Validation;

/// <summary>The stable machine-readable codes of <see cref="FieldError.Code"/>. Never renamed once published.</summary>
public static class ErrorCodes
{
    /// <summary>A required field, list or content is missing (an enum field left UNSPECIFIED included).</summary>
    public const string Required = "required";

    /// <summary>Not an assigned upper-case ISO 3166-1 alpha-2 code.</summary>
    public const string InvalidCountry = "invalid_country";

    /// <summary>A date that does not exist (day without month, 30 February) or lies in the future where it cannot.</summary>
    public const string InvalidDate = "invalid_date";

    /// <summary>A number outside its allowed range (year, month, latitude, longitude, retention).</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>A text longer than its limit, or the message's text as a whole too large.</summary>
    public const string TooLong = "too_long";

    /// <summary>A list with more elements than its limit.</summary>
    public const string TooMany = "too_many";

    /// <summary>An enum number that the protocol does not define, or UNSPECIFIED inside a list.</summary>
    public const string InvalidEnum = "invalid_enum";

    /// <summary>An index that does not point at an existing element.</summary>
    public const string InvalidIndex = "invalid_index";

    /// <summary>A value that does not have its expected form (e-mail, phone, IMO, MMSI, IBAN, script, language).</summary>
    public const string InvalidFormat = "invalid_format";

    /// <summary>A text that is not valid Unicode (an unpaired UTF-16 surrogate): it cannot be stored byte-exact.</summary>
    public const string InvalidEncoding = "invalid_encoding";

    /// <summary>Two fields that contradict each other (from after until, addressed and excluded, a relation to itself).</summary>
    public const string Conflict = "conflict";

    /// <summary>The same value listed twice where that makes no sense (addressees, crime types).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Validation stopped reporting after <see cref="HstMessageLimits.MaxErrors"/> errors.</summary>
    public const string TooManyErrors = "too_many_errors";
}
