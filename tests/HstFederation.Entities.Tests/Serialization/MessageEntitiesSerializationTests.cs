using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Tests.Serialization;

public sealed class MessageEntitiesSerializationTests
{
    private static MessageEntities Sample() => new(
        [new ExtractedIdentifier(MatchKind.Phone, "+33612345678", "persons[0].phones[0]"), new ExtractedIdentifier(MatchKind.Vessel, "IMO:9074729", "conveyances[0].vessel.imo")],
        [
            new PersonRecord("persons[0]",
                [new PersonNameForm(["karimov"], ["akhmed", "ali"], true, "name"), new PersonNameForm(["akhmed", "karimov"], [], false, "name.original_script")],
                new BirthDate(1985, 3, 0), ["UZ", "RU"], [new ExtractedIdentifier(MatchKind.Phone, "+33612345678", "persons[0].phones[0]")]),
            new PersonRecord("persons[1]", [], null, [], []),
        ],
        [new OrganisationRecord("organisations[0]", "balkan express", ["балкан"])]);

    [Fact]
    public void Serialize_Deserialize_RoundTripsEveryField()
    {
        var bytes = Sample().Serialize();
        var back = MessageEntities.Deserialize(bytes);

        Assert.Equal(bytes, back.Serialize());
        Assert.Equal(Sample().Identifiers, back.Identifiers);
        Assert.Equal(new BirthDate(1985, 3, 0), back.Persons[0].DateOfBirth);
        Assert.Null(back.Persons[1].DateOfBirth);
        Assert.Equal(["akhmed", "ali"], back.Persons[0].Names[0].Given);
        Assert.False(back.Persons[0].Names[1].Split);
        Assert.Equal(["балкан"], back.Organisations[0].Aliases);
        Assert.Equal(1, bytes[0]);
    }

    [Fact]
    public void Serialize_ExtractedMessage_RoundTrips()
    {
        var person = Messages.Person("Karimov", "Akhmed", "Ахмед Карімов", Messages.Date(1985, 3, 11), "UZ");
        person.Phones.Add("+33612345678");
        var entities = Messages.ExtractAll(person);

        Assert.Equal(entities.Serialize(), MessageEntities.Deserialize(entities.Serialize()).Serialize());
        Assert.Equal(MessageEntities.Empty.Serialize(), MessageEntities.Deserialize(MessageEntities.Empty.Serialize()).Serialize());
    }

    [Fact]
    public void Deserialize_UnknownVersionTruncatedOrTrailing_IsFormatException()
    {
        var bytes = Sample().Serialize();

        Assert.Throws<FormatException>(() => MessageEntities.Deserialize([]));
        Assert.Throws<FormatException>(() => MessageEntities.Deserialize([2, .. bytes[1..]]));
        Assert.Throws<FormatException>(() => MessageEntities.Deserialize(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Throws<FormatException>(() => MessageEntities.Deserialize([.. bytes, 0]));
        Assert.Throws<FormatException>(() => MessageEntities.Deserialize([1, 0xFF, 0xFF, 0xFF, 0x7F]));
    }
}
