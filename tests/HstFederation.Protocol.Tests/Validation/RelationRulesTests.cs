using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class RelationRulesTests
{
    // Realistic sample: relations[0] person 0 LEADS organisation 0; relations[8] phone (person 2, #0) to phone (person 0, #1).
    public static RuleCases Cases => new()
    {
        { "from missing", m => m.Relations[0].From = null, "relations[0].from", ErrorCodes.Required },
        { "to missing", m => m.Relations[0].To = null, "relations[0].to", ErrorCodes.Required },
        { "kind unspecified", m => m.Relations[0].From.Kind = EntityKind.Unspecified, "relations[0].from.kind", ErrorCodes.Required },
        { "kind unknown number", m => m.Relations[0].From.Kind = (EntityKind)9, "relations[0].from.kind", ErrorCodes.InvalidEnum },
        { "type unspecified", m => m.Relations[0].Type = RelationType.Unspecified, "relations[0].type", ErrorCodes.Required },
        { "type unknown number", m => m.Relations[0].Type = (RelationType)12, "relations[0].type", ErrorCodes.InvalidEnum },
        { "person index past the end", m => m.Relations[0].From.Index = 4, "relations[0].from.index", ErrorCodes.InvalidIndex },
        { "organisation index past the end", m => m.Relations[0].To.Index = 1, "relations[0].to.index", ErrorCodes.InvalidIndex },
        { "conveyance index past the end", m => m.Relations[3].To.Index = 2, "relations[3].to.index", ErrorCodes.InvalidIndex },
        { "financial index past the end", m => m.Relations[5].To.Index = 2, "relations[5].to.index", ErrorCodes.InvalidIndex },
        { "route index past the end", m => m.Relations[6].To.Index = 1, "relations[6].to.index", ErrorCodes.InvalidIndex },
        { "incident index past the end", m => m.Relations[7].To.Index = 2, "relations[7].to.index", ErrorCodes.InvalidIndex },
        { "relation to itself", m => m.Relations[0].To = m.Relations[0].From.Clone(), "relations[0].to", ErrorCodes.Conflict },
        { "person index on a person reference", m => m.Relations[0].From.PersonIndex = 0, "relations[0].from.person_index", ErrorCodes.Conflict },
        { "phone without person index", m => m.Relations[8].From.ClearPersonIndex(), "relations[8].from.person_index", ErrorCodes.Required },
        { "phone of a person past the end", m => m.Relations[8].From.PersonIndex = 9, "relations[8].from.person_index", ErrorCodes.InvalidIndex },
        { "phone index past the person's phones", m => m.Relations[8].To.Index = 2, "relations[8].to.index", ErrorCodes.InvalidIndex },
        { "phone of a person without phones", m => m.Relations[8].From.PersonIndex = 3, "relations[8].from.index", ErrorCodes.InvalidIndex },
        { "e-mail index past the person's e-mails", m => m.Relations[8].To.Kind = EntityKind.Email, "relations[8].to.index", ErrorCodes.InvalidIndex },
        { "same phone twice", m => m.Relations[8].To = m.Relations[8].From.Clone(), "relations[8].to", ErrorCodes.Conflict },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_RelationRuleBroken_ReportsPathAndCode(RuleCase rule)
    {
        ValidationExpect.SingleError(ValidationExpect.Mutated(rule.Break), rule.Path, rule.Code);
    }

    [Fact]
    public void Validate_EmailToPhoneOfSamePerson_IsValid()
    {
        var message = ValidationExpect.Mutated(m => m.Relations.Add(new Relation
        {
            From = new EntityRef { Kind = EntityKind.Email, PersonIndex = 0, Index = 0 },
            To = new EntityRef { Kind = EntityKind.Phone, PersonIndex = 0, Index = 0 },
            Type = RelationType.AssociateOf,
        }));

        ValidationExpect.Valid(message);
    }
}
