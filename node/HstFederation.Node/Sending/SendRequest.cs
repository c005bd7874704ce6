using HstFederation.Protocol.V1;

namespace HstFederation.Node.Sending;

/// <summary>
/// What an operator (`send`) or an agency (AgencyGateway.Submit) asks to send: the message and, when given,
/// the addressing and handling that override what the message itself says. <see cref="Members"/> are
/// ISO 3166-1 alpha-2 codes; <see cref="Regions"/> are region names from the hub's member directory.
/// </summary>
internal sealed record SendRequest(
    HstMessage Message,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> Regions,
    HandlingCode? Handling = null,
    bool? HubMayRead = null);
