using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.LoadGenerator.Workload;

/// <summary>
/// HST messages of an exact serialized size: <see cref="SampleMessages.Minimal"/> addressed to the given
/// members, hub not a reader, with <c>case.summary</c> filled up to the size. The hub never reads the content,
/// so only the size matters for what is measured; the message still passes the sealer's validation.
/// </summary>
internal static class PaddedMessages
{
    private const string Filler = "Surveillance reports on the departures and the facilitators are pending. ";

    public static HstMessage Create(DateTimeOffset now, IEnumerable<string> addressees, int bytes)
    {
        var message = SampleMessages.Minimal(now);
        message.Handling.Addressees = new Addressees { Members = { addressees } };
        message.Handling.HubMayRead = false;
        var bare = message.CalculateSize();
        if (bare > bytes)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"The smallest message for these addressees is {bare} bytes.");
        }

        // The summary's length prefix grows with it; shrink the text until the total is exact.
        var length = bytes - bare;
        while (length >= 0)
        {
            message.Case.Summary = Text(length);
            var size = message.CalculateSize();
            if (size == bytes)
            {
                return message;
            }

            length -= size - bytes;
        }

        throw new InvalidOperationException($"No summary length gives a message of exactly {bytes} bytes.");
    }

    private static string Text(int length) =>
        length == 0 ? string.Empty : string.Concat(Enumerable.Repeat(Filler, (length / Filler.Length) + 1))[..length];
}
