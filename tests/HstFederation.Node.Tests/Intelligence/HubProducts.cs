using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>What the hub sends a member, built as the hub would: hit notifications and analytical products.</summary>
internal static class HubProducts
{
    public static byte[] NewId() => MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);

    /// <summary>A notification to <paramref name="to"/> that its message <paramref name="yourMessageId"/> matched a message of <paramref name="other"/>.</summary>
    public static HitNotification Hit(string to, byte[] yourMessageId, string other, bool releasable = true, HitBasis basis = HitBasis.HubIndex) => new()
    {
        HitId = ByteString.CopyFrom(NewId()),
        DetectedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Basis = basis,
        YourMessage = new MessageReference { Sender = PartyId.Member(to).Uri, MessageId = ByteString.CopyFrom(yourMessageId) },
        OtherMessage = new MessageReference { Sender = PartyId.Member(other).Uri, MessageId = ByteString.CopyFrom(NewId()) },
        OtherMessageReadable = false,
        Score = 0.93,
        Releasable = releasable,
        Matches =
        {
            new MatchedEntity
            {
                Kind = MatchKind.Person, YourPath = "persons[0]", Score = 0.93,
                Factors =
                {
                    new MatchFactor { Field = "family_name", Agreement = "similar 0.96", Contribution = 0.38 },
                    new MatchFactor { Field = "date_of_birth", Agreement = "day and month swapped", Contribution = 0.21 },
                    new MatchFactor { Field = "nationality", Agreement = "disagrees", Contribution = -0.05 },
                },
            },
            new MatchedEntity
            {
                Kind = MatchKind.Phone, YourPath = "persons[0].phones[0]", YourValue = "+33612345678", Score = 1,
                Factors = { new MatchFactor { Field = "phone", Agreement = "exact", Contribution = 1 } },
            },
        },
    };

    /// <summary>A network report for <paramref name="to"/> whose labels hold what would break a careless GraphML or DOT writer.</summary>
    public static AnalyticalProduct Network(string to, string hostileLabel) => new()
    {
        ProductId = ByteString.CopyFrom(NewId()),
        Kind = ProductKind.Network,
        ProducedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        PeriodStartMs = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds(),
        PeriodEndMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Recipient = PartyId.Member(to).Uri,
        Sources = { new MessageReference { Sender = PartyId.Member(to).Uri, MessageId = ByteString.CopyFrom(NewId()) } },
        Network = new NetworkReport
        {
            Nodes =
            {
                new NetworkNode { Id = "p1", Kind = NetworkNodeKind.Person, Label = hostileLabel, Countries = { "LY", "FR" }, Messages = 2 },
                new NetworkNode { Id = "p2", Kind = NetworkNodeKind.Person, Label = "SALHI, Mohamed", Countries = { "DE" }, Messages = 1 },
                new NetworkNode { Id = "o1", Kind = NetworkNodeKind.Organisation, Label = "Zuwara \"boat\" network", Countries = { "LY" }, Messages = 3 },
            },
            Edges =
            {
                new NetworkEdge { From = "p1", To = "o1", Relation = "MEMBER_OF", Messages = 2 },
                new NetworkEdge { From = "p2", To = "o1", Relation = "MEMBER_OF", Messages = 1 },
                new NetworkEdge { From = "p1", To = "p2", Relation = "CO_REPORTED", Messages = 1 },
            },
        },
    };

    public static AnalyticalProduct Corridors(string to) => new()
    {
        ProductId = ByteString.CopyFrom(NewId()),
        Kind = ProductKind.Corridor,
        ProducedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        PeriodStartMs = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds(),
        PeriodEndMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Recipient = PartyId.Member(to).Uri,
        Sources = { new MessageReference { Sender = PartyId.Member(to).Uri, MessageId = ByteString.CopyFrom(NewId()) } },
        Corridor = new CorridorReport
        {
            Corridors =
            {
                new Corridor
                {
                    Origin = "LY", Transit = { "IT" }, Destination = "FR", TransportModes = { TransportMode.Sea, TransportMode.Road },
                    Messages = 4, Persons = 37, Fatalities = 2,
                },
                new Corridor { Origin = "TR", Destination = "DE", TransportModes = { TransportMode.Road }, Messages = 1, Persons = 5 },
            },
        },
    };
}
