using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>The state of one validation run: the message, the time, the errors so far and the text budget.</summary>
internal sealed class ValidationContext(HstMessage message, DateTimeOffset now)
{
    private readonly List<FieldError> _errors = [];
    private bool _truncated;
    private long _totalText;

    public HstMessage Message { get; } = message;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The latest instant a past event may carry: now plus the tolerated clock skew.</summary>
    public DateTimeOffset LatestPastInstant { get; } = AddSafely(now, HstMessageLimits.ClockSkew);

    /// <summary>The latest retain_until accepted.</summary>
    public DateTimeOffset LatestRetention { get; } = AddSafely(now, TimeSpan.FromDays(366 * HstMessageLimits.MaxRetentionYears));

    public void Add(string path, string code, string explanation)
    {
        if (_errors.Count < HstMessageLimits.MaxErrors)
        {
            _errors.Add(new FieldError(path, code, explanation));
        }
        else
        {
            _truncated = true;
        }
    }

    public void Add(string parent, string field, string code, string explanation) =>
        Add(FieldPath.Field(parent, field), code, explanation);

    public void CountText(int length) => _totalText += length;

    // A caller's "now" near DateTimeOffset.MaxValue must not make validation throw.
    private static DateTimeOffset AddSafely(DateTimeOffset instant, TimeSpan span) =>
        instant <= DateTimeOffset.MaxValue - span ? instant + span : DateTimeOffset.MaxValue;

    public ValidationResult ToResult()
    {
        if (_totalText > HstMessageLimits.MaxTotalTextLength)
        {
            _errors.Insert(0, new FieldError("", ErrorCodes.TooLong,
                $"The message holds more than {HstMessageLimits.MaxTotalTextLength} characters of text."));
        }

        if (_truncated)
        {
            _errors.Add(new FieldError("", ErrorCodes.TooManyErrors,
                $"More than {HstMessageLimits.MaxErrors} errors; the rest are not reported."));
        }

        return new ValidationResult(_errors);
    }
}
