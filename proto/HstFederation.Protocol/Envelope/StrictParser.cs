using Google.Protobuf;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Parses protobuf bytes and refuses unknown fields anywhere in the message tree: a v1 reader must
/// not silently ignore something a writer signed and meant to be enforced.
/// </summary>
internal static class StrictParser
{
    public static bool TryParse<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, out T message, out string problem)
        where T : IMessage<T>
    {
        message = default!;
        problem = string.Empty;
        T withUnknown;
        T withoutUnknown;
        try
        {
            withUnknown = parser.ParseFrom(bytes);
            withoutUnknown = parser.WithDiscardUnknownFields(true).ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            problem = "not valid protobuf: " + e.Message;
            return false;
        }

        // Generated Equals compares unknown fields too, recursively.
        if (!withUnknown.Equals(withoutUnknown))
        {
            problem = "contains fields unknown to protocol version 1";
            return false;
        }

        message = withUnknown;
        return true;
    }
}
