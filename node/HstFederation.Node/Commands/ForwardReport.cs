using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>
/// The hub's forward records of a received envelope, as `show` prints them: who forwarded, when, to whom, and the
/// source's signed consent when there is one (a released hit carries it). Read from the envelope kept as received;
/// the node verified every record and consent (signed by the message's source) before it stored the message.
/// </summary>
internal sealed record ForwardReport(string Forwarder, long ForwardedAtMs, IReadOnlyList<string> AddedRecipients, ConsentReport? Consent)
{
    public static IReadOnlyList<ForwardReport> Of(byte[] envelope)
    {
        try
        {
            return [.. Envelope.Parser.ParseFrom(envelope).Forwards.Select(f => Of(ForwardRecord.Parser.ParseFrom(f.Record)))];
        }
        catch (InvalidProtocolBufferException)
        {
            return [];
        }
    }

    public string Line() =>
        $"forwarded by {Display.Party(Forwarder)} {Display.Time(ForwardedAtMs)} to {string.Join(",", AddedRecipients.Select(Display.Party))}, " +
        (Consent is { } consent
            ? $"with the source's signed consent (signed {Display.Time(consent.GrantedAtMs)}, granted to {string.Join(",", consent.GrantedTo.Select(Display.Party))})"
            : "without consent (its handling allows this forward)");

    public object Json() => new
    {
        Forwarder = Display.Party(Forwarder), ForwardedAt = DateTimeOffset.FromUnixTimeMilliseconds(ForwardedAtMs),
        AddedRecipients = AddedRecipients.Select(Display.Party),
        Consent = Consent is { } c ? new { GrantedAt = DateTimeOffset.FromUnixTimeMilliseconds(c.GrantedAtMs), GrantedTo = c.GrantedTo.Select(Display.Party) } : null,
    };

    private static ForwardReport Of(ForwardRecord record)
    {
        ConsentReport? consent = null;
        if (record.Consent is { } signed)
        {
            var granted = ForwardConsent.Parser.ParseFrom(signed.Consent);
            consent = new ConsentReport(granted.GrantedAtMs, [.. granted.GrantedTo]);
        }

        return new ForwardReport(record.Forwarder, record.ForwardedAtMs, [.. record.AddedRecipients.Select(r => r.Party)], consent);
    }
}
