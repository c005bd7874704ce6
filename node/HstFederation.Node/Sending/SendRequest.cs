using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Sending;

/// <summary>
/// What an operator (`send`) or an agency (AgencyGateway.Submit) asks to send: the message and, when given,
/// the addressing and handling that override what the message itself says. <see cref="Members"/> are
/// ISO 3166-1 alpha-2 codes; <see cref="Regions"/> are region names from the hub's member directory.
/// <see cref="RequestId"/> is the caller's idempotency key (AgencySubmitRequest.request_id), or null.
/// </summary>
internal sealed record SendRequest(
    HstMessage Message,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> Regions,
    HandlingCode? Handling = null,
    bool? HubMayRead = null,
    string? RequestId = null)
{
    /// <summary>When this is an update: the version it supersedes, its version number and reason (docs/lifecycle.md §2).</summary>
    public UpdateOf? Update { get; init; }

    /// <summary>
    /// The idempotency key, or null without a request id: the key and the SHA-256 of this request as an
    /// AgencySubmitRequest without request_id (the canonical form for the agency API and the CLI alike; Google.Protobuf
    /// writes fields in field-number order and repeated fields in the order given, so the same request hashes the same).
    /// </summary>
    public SubmitKey? Key()
    {
        if (RequestId is null)
        {
            return null;
        }

        var canonical = new AgencySubmitRequest { Message = Message, Handling = Handling ?? HandlingCode.Unspecified };
        canonical.Members.AddRange(Members);
        canonical.Regions.AddRange(Regions);
        if (HubMayRead is { } hubMayRead)
        {
            canonical.HubMayRead = hubMayRead;
        }

        return new SubmitKey(RequestId, SHA256.HashData(canonical.ToByteArray()));
    }
}
