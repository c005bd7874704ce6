using Grpc.Core;
using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Agency;

/// <summary>An expected refusal of an agency call: leaves as <see cref="Status"/> with <see cref="Reason"/> and the field errors.</summary>
internal sealed class AgencyException : Exception
{
    public AgencyException(StatusCode status, string reason, string message, IReadOnlyList<FieldError>? fields = null)
        : base(message)
    {
        Status = status;
        Reason = reason;
        Fields = fields ?? [];
    }

    public AgencyException()
        : this(StatusCode.Internal, AgencyReasons.Internal, "internal error")
    {
    }

    public AgencyException(string message)
        : this(StatusCode.Internal, AgencyReasons.Internal, message)
    {
    }

    public AgencyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCode.Internal;
        Reason = AgencyReasons.Internal;
        Fields = [];
    }

    public StatusCode Status { get; }

    public string Reason { get; }

    public IReadOnlyList<FieldError> Fields { get; }

    public static AgencyException NotFound(string messageId) =>
        new(StatusCode.NotFound, AgencyReasons.MessageNotFound, $"no message {messageId} that this agency may read");

    public static AgencyException Invalid(string field, string code, string message) =>
        new(StatusCode.InvalidArgument, AgencyReasons.InvalidRequest, $"{field}: {message}", [new FieldError(field, code, message)]);
}
