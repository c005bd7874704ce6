using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// One message of a hit as the hub knows it: hub sequence, source, id and the handling in force (the signed header's as
/// the source's restrictions since left it), and whether the hub may read it (it can only forward what it reads).
/// </summary>
internal sealed record HitSide(long HubSequence, PartyId Source, byte[] MessageId, Handling Handling)
{
    public bool HubReadable => Handling.HubMayRead;

    public MessageReference Reference => new() { Sender = Source.Uri, MessageId = Google.Protobuf.ByteString.CopyFrom(MessageId) };
}
