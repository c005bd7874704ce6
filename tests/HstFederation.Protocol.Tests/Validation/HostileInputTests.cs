using Google.Protobuf;
using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;
using HstFederation.Testing.Samples;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class HostileInputTests
{
    private static readonly DateTimeOffset Now = ValidationExpect.Now;

    [Fact]
    public void Validate_NullMessage_ReportsRequiredAtRoot()
    {
        var result = HstMessageValidator.Validate(null!, Now);

        Assert.Equal(["  required"], result.Errors.Select(e => $"{e.Path}  {e.Code}"));
    }

    [Fact]
    public void Validate_EmptyMessage_ReportsCaseAndHandling()
    {
        var result = HstMessageValidator.Validate(new HstMessage(), Now);

        Assert.Equal(["case required", "handling required"], result.Errors.Select(e => $"{e.Path} {e.Code}"));
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("title")]
    [InlineData("summary")]
    public void Validate_OneMegabyteString_ReportsTooLong(string field)
    {
        var huge = new string('A', 1024 * 1024);
        var message = ValidationExpect.Mutated(m =>
        {
            switch (field)
            {
                case "reference": m.Case.Reference = huge; break;
                case "title": m.Case.Title = huge; break;
                default: m.Case.Summary = huge; break;
            }
        });

        ValidationExpect.SingleError(message, "case." + field, ErrorCodes.TooLong);
    }

    [Fact]
    public void Validate_OneMegabyteOfWhitespaceInOptionalField_ReportsTooLong()
    {
        var message = ValidationExpect.Mutated(m => m.Persons[1].Remarks = new string(' ', 1024 * 1024));

        ValidationExpect.SingleError(message, "persons[1].remarks", ErrorCodes.TooLong);
    }

    [Fact]
    public void Validate_TextUnderEachLimitButHugeInTotal_ReportsTooLongAtRoot()
    {
        var remarks = new string('x', HstMessageLimits.MaxFreeTextLength);
        var message = ValidationExpect.Mutated(m =>
        {
            for (var i = 0; i < 70; i++)
            {
                m.Persons.Add(new Person(m.Persons[0]) { Remarks = remarks });
            }
        });

        ValidationExpect.SingleError(message, "", ErrorCodes.TooLong);
    }

    [Fact]
    public void Validate_TooManyPersons_ReportsTooMany()
    {
        var message = ValidationExpect.Mutated(m => m.Persons.Add(Enumerable.Range(0, HstMessageLimits.MaxPersons).Select(_ => m.Persons[1].Clone())));

        ValidationExpect.SingleError(message, "persons", ErrorCodes.TooMany);
    }

    [Fact]
    public void Validate_TooManyRelations_ReportsTooMany()
    {
        var message = ValidationExpect.Mutated(m => m.Relations.Add(Enumerable.Range(0, HstMessageLimits.MaxRelations).Select(_ => m.Relations[0].Clone())));

        ValidationExpect.SingleError(message, "relations", ErrorCodes.TooMany);
    }

    [Fact]
    public void Validate_RelationNonsense_ReportsBoundedErrorsWithoutThrowing()
    {
        var random = new Random(20260315);
        var message = ValidationExpect.Mutated(m =>
        {
            m.Relations.Clear();
            for (var i = 0; i < HstMessageLimits.MaxRelations; i++)
            {
                m.Relations.Add(new Relation
                {
                    From = RandomRef(random),
                    To = random.Next(10) == 0 ? null : RandomRef(random),
                    Type = (RelationType)random.Next(-5, 20),
                });
            }
        });

        var result = HstMessageValidator.Validate(message, Now);

        Assert.Equal(HstMessageLimits.MaxErrors + 1, result.Errors.Count);
        Assert.All(result.Errors.Take(HstMessageLimits.MaxErrors), e => Assert.StartsWith("relations[", e.Path, StringComparison.Ordinal));
        Assert.Equal(ErrorCodes.TooManyErrors, result.Errors[^1].Code);
    }

    [Fact]
    public void Validate_UnknownEnumNumberFromTheWire_ReportsInvalidEnum()
    {
        var bytes = ValidationExpect.Mutated(m => m.Persons[2].Role = (PersonRole)250).ToByteArray();
        var parsed = HstMessage.Parser.ParseFrom(bytes);

        ValidationExpect.SingleError(parsed, "persons[2].role", ErrorCodes.InvalidEnum);
    }

    [Fact]
    public void Validate_NaNCoordinateFromTheWire_ReportsOutOfRange()
    {
        var bytes = ValidationExpect.Mutated(m => m.Incidents[1].Place.Coordinates.Longitude = double.NaN).ToByteArray();
        var parsed = HstMessage.Parser.ParseFrom(bytes);

        ValidationExpect.SingleError(parsed, "incidents[1].place.coordinates.longitude", ErrorCodes.OutOfRange);
    }

    [Fact]
    public void Validate_UnpairedSurrogate_ReportsInvalidEncoding()
    {
        var message = ValidationExpect.Mutated(m => m.Persons[0].Name.OriginalScript = "محمد\uD800");

        ValidationExpect.SingleError(message, "persons[0].name.original_script", ErrorCodes.InvalidEncoding);
    }

    [Fact]
    public void Validate_RandomlyCorruptedWireBytes_NeverThrows()
    {
        var random = new Random(7);
        var original = SampleMessages.Realistic(Now).ToByteArray();
        var parsedCount = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            HstMessage parsed;
            try
            {
                parsed = HstMessage.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                continue;
            }

            parsedCount++;
            var result = HstMessageValidator.Validate(parsed, Now);
            Assert.True(result.Errors.Count <= HstMessageLimits.MaxErrors + 2);
        }

        Assert.True(parsedCount > 100, $"only {parsedCount} corrupted messages parsed");
    }

    [Theory]
    [MemberData(nameof(ExtremeClocks))]
    public void Validate_ExtremeNow_NeverThrows(DateTimeOffset now)
    {
        var result = HstMessageValidator.Validate(SampleMessages.Realistic(Now), now);

        Assert.False(result.IsValid);
    }

    public static TheoryData<DateTimeOffset> ExtremeClocks => new() { DateTimeOffset.MinValue, DateTimeOffset.MaxValue };

    private static EntityRef RandomRef(Random random)
    {
        var reference = new EntityRef { Kind = (EntityKind)random.Next(-3, 12), Index = (uint)random.NextInt64(0, uint.MaxValue + 1L) };
        if (random.Next(2) == 0)
        {
            reference.PersonIndex = (uint)random.Next(0, 10);
        }

        return reference;
    }
}
