using HstFederation.Protocol.V1;
using static HstFederation.Demo.Scenario.ScenarioHandling;

namespace HstFederation.Demo.Scenario;

/// <summary>
/// FR's direct exchange with ES about the network's money collector in Algeciras: H3 and not readable by the hub,
/// which routes it without a key. Its summary carries the run's canary, which must never appear in the hub's files.
/// </summary>
internal static class DirectRequest
{
    public static HstMessage Create(DateTimeOffset now, string reportReference, string canary)
    {
        var message = new HstMessage
        {
            Case = new Case
            {
                Reference = $"{reportReference}-ES",
                Title = "Money collector of the Al-Mansouri network in Algeciras",
                Summary = "A covert source reports that the network's fees are collected through a money-transfer shop in Algeciras. "
                    + $"Source protection applies: NCB to NCB only. Exchange token {canary}.",
                Status = CaseStatus.OpenInvestigation,
                ContactPoint = "OCRIEST duty officer, NCB Paris",
                Language = "en",
                RelatedReferences = { reportReference },
            },
            Handling = For(
                now, HandlingCode.H3, SourceReliability.B, InformationAccuracy._3, hubMayRead: false,
                "H3: source protection, no onward dissemination.", "ES"),
        };
        message.Case.CrimeTypes.Add(CrimeType.MigrantSmuggling);
        message.Case.Requests.Add(new Request { Type = RequestType.Information, PersonIndex = 0, Details = "Transfers received at the shop since January and the holder of the Spanish number." });
        var collector = new Person
        {
            Role = PersonRole.Financier,
            Name = new PersonName { FamilyNameLatin = "EL AMRANI", GivenNamesLatin = "Rachid" },
            Nationalities = { "MA" },
            Phones = { "+34 612 40 77 19" },
            Addresses = { new Address { Locality = "Algeciras", Country = "ES" } },
        };
        message.Persons.Add(collector);
        message.FinancialIdentifiers.Add(new FinancialIdentifier
        {
            Type = FinancialIdentifierType.MoneyTransferReference, Value = "MTCN 4417220981", Institution = "money-transfer shop, Algeciras", HolderPersonIndex = 0,
        });
        return message;
    }
}
