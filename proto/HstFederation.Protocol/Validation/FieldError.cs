namespace HstFederation.Protocol.Validation;

/// <summary>One problem found in an HST message.</summary>
/// <param name="Path">
/// Where the problem is, in proto field names with zero-based list indexes, e.g.
/// <c>persons[2].documents[0].number</c>; the empty string for the message as a whole.
/// </param>
/// <param name="Code">A stable machine-readable code from <see cref="ErrorCodes"/>.</param>
/// <param name="Message">An English explanation for people; never contains message content.</param>
public sealed record FieldError(string Path, string Code, string Message);
