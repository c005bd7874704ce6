using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>(Hub.Storage.Submission is spelled out: HstFederation.Hub.Submission is a namespace.)
/// Submissions with distinct, valid UUIDv7-shaped ids, and a receipt "signer" whose bytes name what it signed.</summary>
internal static class TestSubmissions
{
    private static int _counter;

    public static PartyId FR { get; } = PartyId.Member("FR");

    public static PartyId DE { get; } = PartyId.Member("DE");

    public static PartyId IT { get; } = PartyId.Member("IT");

    public static PartyId ES { get; } = PartyId.Member("ES");

    public static byte[] NewId()
    {
        var id = new byte[MessageIds.Size];
        BinaryPrimitives.WriteInt64BigEndian(id.AsSpan(8), Interlocked.Increment(ref _counter));
        BinaryPrimitives.WriteInt32BigEndian(id, Environment.ProcessId);
        id[6] = 0x70;
        id[8] = 0x80;
        return id;
    }

    public static Hub.Storage.Submission Make(PartyId sender, long sequence, params PartyId[] recipients) =>
        Make(sender, sequence, NewId(), "envelope " + sequence, recipients);

    public static Hub.Storage.Submission Make(PartyId sender, long sequence, byte[] id, string body, params PartyId[] recipients) =>
        Hub.Storage.Submission.Create(sender, id, sequence, 1_000, 2_000_000_000_000, Encoding.UTF8.GetBytes(body), recipients);

    public static Hub.Storage.Submission WithBody(Hub.Storage.Submission submission, byte[] body) =>
        Hub.Storage.Submission.Create(submission.Sender, submission.MessageId, submission.Sequence, submission.CreatedAtMs,
            submission.ExpiresAtMs, body, submission.Recipients);

    /// <summary>A stand-in for the hub's signer: a SignedStatement of the AcceptanceReceipt, with a fake signature.</summary>
    public static Func<long, long, byte[]> Signer(Hub.Storage.Submission submission) => (hubSequence, acceptedAtMs) =>
        new SignedStatement
        {
            Statement = new AcceptanceReceipt
            {
                Version = 1,
                MessageId = ByteString.CopyFrom(submission.MessageId),
                Sender = submission.Sender.Uri,
                EnvelopeSha256 = ByteString.CopyFrom(submission.EnvelopeSha256),
                AcceptedAtMs = acceptedAtMs,
                HubSequence = (ulong)hubSequence,
                Recipients = { submission.Recipients.Select(party => party.Uri) },
            }.ToByteString(),
            Signature = ByteString.CopyFrom(new byte[64]),
        }.ToByteArray();

    public static AcceptanceReceipt ReadReceipt(byte[] signedStatement) =>
        AcceptanceReceipt.Parser.ParseFrom(SignedStatement.Parser.ParseFrom(signedStatement).Statement);

    public static Task<AcceptOutcome> SubmitAsync(this HubStore store, Hub.Storage.Submission submission) =>
        store.AcceptAsync(submission, Signer(submission)).WaitAsync(TimeSpan.FromSeconds(10));

    public static byte[] DeliveryReceipt(string text) =>
        new SignedStatement { Statement = ByteString.CopyFromUtf8(text), Signature = ByteString.CopyFrom(new byte[64]) }.ToByteArray();
}
