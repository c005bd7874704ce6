using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Search;

/// <summary>
/// What the store keeps beside a message so lists can filter and searches can find it without parsing
/// protobuf: handling code, case reference and title, crime types, and the entity entries. Built from the
/// plaintext before the write (off the single writer) and written in the transaction that stores the message.
/// </summary>
internal sealed record MessageIndex(
    bool Parsed,
    int? HandlingCode,
    string? CaseReference,
    string? CaseTitle,
    IReadOnlyList<int> CrimeTypes,
    IReadOnlyList<IndexedEntity> Entities)
{
    /// <summary>
    /// Plaintext that is not an HstMessage is still stored (the store keeps what it was given; a verified
    /// delivery is never dropped for its content), with nothing to index.
    /// </summary>
    public static readonly MessageIndex Unparsed = new(false, null, null, null, [], []);

    public static MessageIndex Of(byte[] plaintext)
    {
        HstMessage message;
        try
        {
            message = HstMessage.Parser.ParseFrom(plaintext);
        }
        catch (InvalidProtocolBufferException)
        {
            return Unparsed;
        }

        return Of(message);
    }

    public static MessageIndex Of(HstMessage message)
    {
        return new MessageIndex(
            true,
            Code(message.Handling),
            Blank(message.Case?.Reference),
            Blank(message.Case?.Title),
            // Every crime type as the message gives it, UNSPECIFIED (0) included: an agency's scope judges them all (AgencyScope.MayRead),
            // and no scope list holds 0, so the SQL filter hides such a case from a listed scope exactly as the read does.
            [.. (message.Case?.CrimeTypes ?? []).Select(c => (int)c).Distinct().Order()],
            EntityExtractor.Extract(message));
    }

    /// <summary>
    /// This index under <paramref name="inForce"/>, the handling a restriction left on the copy (null: none, the signed one
    /// stays): lists and agency scopes filter on the handling in force.
    /// </summary>
    public MessageIndex InForce(Handling? inForce) => inForce is null || !Parsed ? this : this with { HandlingCode = Code(inForce) };

    /// <summary>The summary's handling_code: the enum number, NULL when unset.</summary>
    public static int? Code(Handling? handling)
    {
        var code = (int)(handling?.Code ?? Protocol.V1.HandlingCode.Unspecified);
        return code == 0 ? null : code;
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
