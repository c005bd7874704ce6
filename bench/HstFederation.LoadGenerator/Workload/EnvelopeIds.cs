namespace HstFederation.LoadGenerator.Workload;

/// <summary>
/// Reads the message id out of a serialized envelope without parsing it (Envelope field 2 = header,
/// EnvelopeHeader field 3 = message_id): subscribers only need to know which planned message arrived, and
/// a full parse of a 195-recipient header would cost the generator more CPU than the hub spends sending it.
/// </summary>
internal static class EnvelopeIds
{
    private const int HeaderField = 2;
    private const int MessageIdField = 3;
    private const int LengthDelimited = 2;

    public static bool TryRead(ReadOnlySpan<byte> envelope, out Guid messageId)
    {
        if (TryFindField(envelope, HeaderField, out var header) && TryFindField(header, MessageIdField, out var id) && id.Length == 16)
        {
            messageId = new Guid(id);
            return true;
        }

        messageId = default;
        return false;
    }

    /// <summary>The first length-delimited field <paramref name="field"/> at the top level of <paramref name="bytes"/>.</summary>
    private static bool TryFindField(ReadOnlySpan<byte> bytes, int field, out ReadOnlySpan<byte> value)
    {
        value = default;
        var position = 0;
        while (position < bytes.Length)
        {
            if (!TryReadVarint(bytes, ref position, out var tag))
            {
                return false;
            }

            var wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0:
                    if (!TryReadVarint(bytes, ref position, out _))
                    {
                        return false;
                    }

                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                case LengthDelimited:
                    if (!TryReadVarint(bytes, ref position, out var length) || length > (ulong)(bytes.Length - position))
                    {
                        return false;
                    }

                    if ((int)(tag >> 3) == field)
                    {
                        value = bytes.Slice(position, (int)length);
                        return true;
                    }

                    position += (int)length;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < bytes.Length; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
