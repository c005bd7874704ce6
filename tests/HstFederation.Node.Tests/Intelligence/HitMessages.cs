using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>Reports naming one organiser, which the hub's matching finds to be the same person across members.</summary>
internal static class HitMessages
{
    /// <summary>
    /// A minimal message whose one person is an organiser with this name, born 1984-03-17, Libyan, with one phone:
    /// two of them whose names are spelled differently are still a hit.
    /// </summary>
    public static HstMessage Organiser(string reference, string family, string given)
    {
        var message = SampleMessages.Minimal(DateTimeOffset.UtcNow);
        message.Case.Reference = reference;
        message.Persons.Add(new Person
        {
            Role = PersonRole.Organiser,
            Name = new PersonName { FamilyNameLatin = family, GivenNamesLatin = given },
            DateOfBirth = new PartialDate { Year = 1984, Month = 3, Day = 17 },
            Nationalities = { "LY" },
            Phones = { "+218 91 234 5678" },
        });
        return message;
    }
}
