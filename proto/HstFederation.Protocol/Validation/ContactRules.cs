using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>A person's phones, e-mails, online handles and addresses.</summary>
internal static class ContactRules
{
    private const int Max = HstMessageLimits.MaxItemsPerPerson;
    private const int Short = HstMessageLimits.MaxShortTextLength;

    public static void Check(ValidationContext context, string path, Person person)
    {
        var phones = ListRules.Count(context, path, "phones", person.Phones.Count, Max);
        for (var i = 0; i < phones; i++)
        {
            if (TextRules.CheckItem(context, path, "phones", i, person.Phones[i], Short) && !FormatRules.IsPhone(person.Phones[i]))
            {
                context.Add(FieldPath.Item(path, "phones", i), ErrorCodes.InvalidFormat,
                    $"Expected digits with an optional leading '+', spaces, '-', '.', '(' or ')'; {FormatRules.MinPhoneDigits} to {FormatRules.MaxPhoneDigits} digits.");
            }
        }

        var emails = ListRules.Count(context, path, "emails", person.Emails.Count, Max);
        for (var i = 0; i < emails; i++)
        {
            if (TextRules.CheckItem(context, path, "emails", i, person.Emails[i], Short) && !FormatRules.IsEmail(person.Emails[i]))
            {
                context.Add(FieldPath.Item(path, "emails", i), ErrorCodes.InvalidFormat, "Expected one '@' and a domain with a dot.");
            }
        }

        var handles = ListRules.Count(context, path, "online_handles", person.OnlineHandles.Count, Max);
        for (var i = 0; i < handles; i++)
        {
            var handlePath = FieldPath.Item(path, "online_handles", i);
            TextRules.Check(context, handlePath, "platform", person.OnlineHandles[i].Platform, Short, required: true);
            TextRules.Check(context, handlePath, "handle", person.OnlineHandles[i].Handle, Short, required: true);
        }

        var addresses = ListRules.Count(context, path, "addresses", person.Addresses.Count, Max);
        for (var i = 0; i < addresses; i++)
        {
            CheckAddress(context, FieldPath.Item(path, "addresses", i), person.Addresses[i]);
        }
    }

    private static void CheckAddress(ValidationContext context, string path, Address address)
    {
        TextRules.Check(context, path, "street", address.Street, HstMessageLimits.MaxNameLength);
        TextRules.Check(context, path, "locality", address.Locality, Short);
        TextRules.Check(context, path, "postal_code", address.PostalCode, Short);
        CountryRules.Check(context, path, "country", address.Country, required: false);
        if (!TextRules.HasText(address.Street) && !TextRules.HasText(address.Locality)
            && !TextRules.HasText(address.PostalCode) && address.Country.Length == 0)
        {
            context.Add(path, ErrorCodes.Required, "An address needs a street, locality, postal code or country.");
        }
    }
}
