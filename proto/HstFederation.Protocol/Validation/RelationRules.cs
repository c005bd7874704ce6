using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Relations: two references to existing entities of this message, not the same one, and a type.</summary>
internal static class RelationRules
{
    public static void CheckAll(ValidationContext context, IReadOnlyList<Relation> relations)
    {
        var count = ListRules.Count(context, "", "relations", relations.Count, HstMessageLimits.MaxRelations);
        for (var i = 0; i < count; i++)
        {
            Check(context, FieldPath.Item("", "relations", i), relations[i]);
        }
    }

    private static void Check(ValidationContext context, string path, Relation relation)
    {
        var from = CheckRef(context, path, "from", relation.From);
        var to = CheckRef(context, path, "to", relation.To);
        if (from && to && relation.From.Equals(relation.To))
        {
            context.Add(path, "to", ErrorCodes.Conflict, "A relation links two different entities.");
        }

        EnumRules.Required(context, path, "type", relation.Type);
        TextRules.Check(context, path, "description", relation.Description, HstMessageLimits.MaxFreeTextLength);
    }

    private static bool CheckRef(ValidationContext context, string parent, string field, EntityRef? reference)
    {
        if (reference is null)
        {
            context.Add(parent, field, ErrorCodes.Required, "A relation needs both ends.");
            return false;
        }

        var path = FieldPath.Field(parent, field);
        if (!EnumRules.Required(context, path, "kind", reference.Kind))
        {
            return false;
        }

        var message = context.Message;
        if (reference.Kind is EntityKind.Phone or EntityKind.Email)
        {
            return CheckContactRef(context, path, reference, message);
        }

        if (reference.HasPersonIndex)
        {
            context.Add(path, "person_index", ErrorCodes.Conflict, "person_index is only for PHONE and EMAIL references.");
            return false;
        }

        var (count, target) = reference.Kind switch
        {
            EntityKind.Person => (message.Persons.Count, "persons"),
            EntityKind.Organisation => (message.Organisations.Count, "organisations"),
            EntityKind.Conveyance => (message.Conveyances.Count, "conveyances"),
            EntityKind.FinancialIdentifier => (message.FinancialIdentifiers.Count, "financial_identifiers"),
            EntityKind.Route => (message.Routes.Count, "routes"),
            EntityKind.Incident => (message.Incidents.Count, "incidents"),
            _ => (0, "nothing"), // unreachable: the kind was checked above

        };
        return ListRules.Index(context, FieldPath.Field(path, "index"), reference.Index, count, target);
    }

    private static bool CheckContactRef(ValidationContext context, string path, EntityRef reference, HstMessage message)
    {
        if (!reference.HasPersonIndex)
        {
            context.Add(path, "person_index", ErrorCodes.Required, "PHONE and EMAIL references name the person that holds them.");
            return false;
        }

        if (!ListRules.Index(context, FieldPath.Field(path, "person_index"), reference.PersonIndex, message.Persons.Count, "persons"))
        {
            return false;
        }

        var person = message.Persons[(int)reference.PersonIndex];
        var (count, target) = reference.Kind == EntityKind.Phone
            ? (person.Phones.Count, "phones")
            : (person.Emails.Count, "emails");
        return ListRules.Index(context, FieldPath.Field(path, "index"), reference.Index, count, $"persons[{reference.PersonIndex}].{target}");
    }
}
