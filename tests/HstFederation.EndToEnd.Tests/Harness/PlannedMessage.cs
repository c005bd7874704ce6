using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// One message of a scenario's load: who sends it to whom, whether the hub may read it, and for a direct NCB-to-NCB
/// message (the hub may not read it) a canary string that must never show up in the hub's files.
/// </summary>
internal sealed record PlannedMessage(int Number, string Sender, IReadOnlyList<string> To, bool HubMayRead, string? Canary)
{
    /// <summary>The agency API request: a small valid HST message addressed to <see cref="To"/>, handling H1.</summary>
    public AgencySubmitRequest ToRequest(DateTimeOffset now)
    {
        var message = SampleMessages.Minimal(now);
        message.Case.Reference = $"{Sender}-E2E-{Number:D5}";
        message.Case.Title = $"End-to-end load message {Number}";
        if (Canary is not null)
        {
            message.Case.Summary = $"Direct exchange between NCBs, not readable by the hub: {Canary}";
        }

        var request = new AgencySubmitRequest { Message = message, Handling = HandlingCode.H1, HubMayRead = HubMayRead };
        request.Members.AddRange(To);
        return request;
    }
}
