using System.Diagnostics.CodeAnalysis;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>Either a value or a <see cref="Rejection"/>; bad input never surfaces as an exception.</summary>
public readonly struct EnvelopeResult<T>
    where T : class
{
    private EnvelopeResult(T? value, Rejection? rejection)
    {
        Value = value;
        Rejection = rejection;
    }

    public T? Value { get; }

    public Rejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsSuccess => Value is not null;

    public RejectionReason Reason => Rejection?.Reason ?? RejectionReason.Unspecified;

    public static EnvelopeResult<T> Success(T value) => new(value, null);

    public static EnvelopeResult<T> Fail(Rejection rejection) => new(null, rejection);

    public static EnvelopeResult<T> Fail(RejectionReason reason, string detail) => new(null, new Rejection(reason, detail));

    public static implicit operator EnvelopeResult<T>(Rejection rejection) => Fail(rejection);

    /// <summary>The value, or an <see cref="EnvelopeRejectedException"/> carrying the rejection.</summary>
    public T GetValueOrThrow() => IsSuccess ? Value : throw new EnvelopeRejectedException(Rejection);
}
