using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>
/// Checks an HST message against the rules an NCB expects before it is sealed, and again when it is
/// opened. Pure: no clock, no I/O; never throws, whatever the message holds. Rules and limits:
/// docs/hst-message.md and <see cref="HstMessageLimits"/>.
/// </summary>
public static class HstMessageValidator
{
    /// <param name="message">The message to check.</param>
    /// <param name="now">The current time, from the caller's <see cref="TimeProvider"/>: dates and retention are judged against it.</param>
    public static ValidationResult Validate(HstMessage message, DateTimeOffset now)
    {
        if (message is null)
        {
            return new ValidationResult([new FieldError("", ErrorCodes.Required, "The message is required.")]);
        }

        var context = new ValidationContext(message, now);
        CaseRules.Check(context, message.Case);
        IncidentRules.CheckAll(context, message.Incidents);
        PersonRules.CheckAll(context, message.Persons);
        OrganisationRules.CheckAll(context, message.Organisations);
        RouteRules.CheckAll(context, message.Routes);
        ConveyanceRules.CheckAll(context, message.Conveyances);
        FinancialRules.CheckAll(context, message.FinancialIdentifiers);
        ModusOperandiRules.CheckAll(context, message.ModusOperandi);
        RelationRules.CheckAll(context, message.Relations);
        HandlingRules.Check(context, message.Handling);
        return context.ToResult();
    }
}
