namespace HstFederation.Protocol.Validation;

/// <summary>The outcome of <see cref="HstMessageValidator.Validate"/>: valid, or the field errors found.</summary>
public sealed class ValidationResult
{
    internal ValidationResult(IReadOnlyList<FieldError> errors)
    {
        Errors = errors;
    }

    public bool IsValid => Errors.Count == 0;

    /// <summary>
    /// At most <see cref="HstMessageLimits.MaxErrors"/> field errors, plus a root <see cref="ErrorCodes.TooLong"/> when the
    /// text as a whole is too large and a final <see cref="ErrorCodes.TooManyErrors"/> when more were found.
    /// </summary>
    public IReadOnlyList<FieldError> Errors { get; }
}
