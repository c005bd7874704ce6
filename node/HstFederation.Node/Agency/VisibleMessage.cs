using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>A stored message an agency may see: its summary, its content, and where it sits in its box.</summary>
internal sealed record VisibleMessage(AgencyMessageSummary Summary, HstMessage Message, long LocalId)
{
    public AgencyMessage ToAgencyMessage() => new() { Summary = Summary, Message = Message };
}
