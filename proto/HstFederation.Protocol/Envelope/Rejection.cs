using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>Why an envelope was refused: the machine-readable reason and an operator-readable detail.</summary>
/// <param name="Detail">Never contains message content or key material.</param>
public sealed record Rejection(RejectionReason Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}
