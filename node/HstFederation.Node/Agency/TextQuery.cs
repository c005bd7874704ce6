using Google.Protobuf;
using Google.Protobuf.Reflection;
using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Agency;

/// <summary>
/// The interim Search matcher: every word of the query must occur, case-insensitively, in some text field of
/// the message (names, document numbers, phones, e-mails, places, references, descriptions). A linear scan
/// of what the agency may read, until the node's entity index serves Search.
/// </summary>
internal sealed class TextQuery
{
    public const int MaxLength = 200;
    public const int MaxTerms = 10;

    private readonly string[] _terms;

    private TextQuery(string[] terms)
    {
        _terms = terms;
    }

    public static TextQuery Parse(string query)
    {
        var terms = (query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length == 0)
        {
            throw AgencyException.Invalid("query", ErrorCodes.Required, "give at least one word to search for");
        }

        if (query!.Length > MaxLength || terms.Length > MaxTerms)
        {
            throw AgencyException.Invalid("query", ErrorCodes.TooLong, $"at most {MaxLength} characters and {MaxTerms} words");
        }

        return new TextQuery(terms);
    }

    public bool Matches(IMessage message)
    {
        var remaining = new HashSet<string>(_terms, StringComparer.OrdinalIgnoreCase);
        Visit(message, remaining);
        return remaining.Count == 0;
    }

    private static void Visit(IMessage message, HashSet<string> remaining)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (remaining.Count == 0)
            {
                return;
            }

            var value = field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.String)
            {
                foreach (var text in field.IsRepeated ? ((System.Collections.IEnumerable)value).Cast<string>() : [(string)value])
                {
                    remaining.RemoveWhere(term => text.Contains(term, StringComparison.OrdinalIgnoreCase));
                }
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap && value is not null)
            {
                foreach (var child in field.IsRepeated ? ((System.Collections.IEnumerable)value).Cast<IMessage>() : [(IMessage)value])
                {
                    Visit(child, remaining);
                }
            }
        }
    }
}
