using HstFederation.Protocol.V1;
using static HstFederation.Demo.Scenario.ScenarioHandling;

namespace HstFederation.Demo.Scenario;

/// <summary>
/// DE's Bundeskriminalamt answers FR's identification request through its node's agency API: the driver is known in
/// Germany. The reply names FR's case reference and report's message id so FR's node links it to the case.
/// </summary>
internal static class AgencyReply
{
    public static HstMessage Create(DateTimeOffset now, string reportReference, string reportMessageId)
    {
        var message = new HstMessage
        {
            Case = new Case
            {
                Reference = $"DE-BKA-SO43-{now.Year}-2214",
                Title = $"Reply to {reportReference}: the van driver identified in Germany",
                Summary = "The German mobile number is registered to Dragan MARKOVIĆ, resident in Offenbach am Main since 2019. "
                    + "He hired the van in his own name in Frankfurt am Main two days before the interception.",
                Status = CaseStatus.OpenInvestigation,
                ContactPoint = "BKA SO 43, migrant smuggling desk",
                Language = "en",
                RelatedReferences = { reportReference, reportMessageId },
            },
            Handling = For(
                now, HandlingCode.H2, SourceReliability.A, InformationAccuracy._1, hubMayRead: true,
                "Registry data; coordinate any action in Germany with BKA SO 43.", "FR"),
        };
        message.Case.CrimeTypes.Add(CrimeType.MigrantSmuggling);
        var driver = new Person
        {
            Role = PersonRole.Transporter,
            Name = new PersonName { FamilyNameLatin = "MARKOVIĆ", GivenNamesLatin = "Dragan" },
            DateOfBirth = Date(1986, 11, 23),
            Nationalities = { "RS" },
            Phones = { NetworkCase.DriverPhone },
            Addresses = { new Address { Street = "Bieberer Straße 71", Locality = "Offenbach am Main", PostalCode = "63071", Country = "DE" } },
        };
        driver.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = NetworkCase.DriverPassport, IssuingCountry = "RS", Status = DocumentStatus.Genuine });
        driver.Documents.Add(new IdentityDocument { Type = DocumentType.ResidencePermit, Number = "Y7KR02M45", IssuingCountry = "DE", Status = DocumentStatus.Genuine });
        message.Persons.Add(driver);
        return message;
    }
}
