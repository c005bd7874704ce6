using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>
/// What the ledger shows of a kept envelope's signed header: the handling and lineage the source signed, and the
/// parties it was sealed for. The header travels in clear for routing, so none of it is case content; handling
/// instructions (free text) are left out all the same.
/// </summary>
internal sealed record LedgerHeader(HandlingCode Code, bool HubMayRead, IReadOnlyList<string> ExcludedMembers, long? RetainUntilMs, Lineage? Lineage)
{
    /// <summary>Null when there is no envelope (not sealed yet, or blanked by a purge) or it does not parse (reported, not trusted).</summary>
    public static LedgerHeader? Of(byte[]? envelope)
    {
        if (envelope is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            var header = EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(envelope).Header);
            var handling = header.Handling ?? new Handling();
            return new LedgerHeader(
                handling.Code, handling.HubMayRead, [.. handling.Addressees?.ExcludedMembers ?? []],
                handling.RetainUntil is { } until ? until.ToDateTimeOffset().ToUnixTimeMilliseconds() : null,
                header.Lineage);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
