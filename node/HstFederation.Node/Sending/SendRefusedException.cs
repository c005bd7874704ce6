using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Sending;

/// <summary>A send refused before anything was queued; <see cref="Errors"/> name the field paths.</summary>
internal sealed class SendRefusedException : Exception
{
    public SendRefusedException()
    {
        Errors = [];
    }

    public SendRefusedException(string message)
        : this(message, [])
    {
    }

    public SendRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public SendRefusedException(string message, IReadOnlyList<FieldError> errors)
        : base(message)
    {
        Errors = errors;
    }

    public IReadOnlyList<FieldError> Errors { get; }
}
