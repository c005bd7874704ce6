using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace HstFederation.Node.Agency;

/// <summary>
/// Finds the first JSON property that names no field of the request (at any depth), which gRPC JSON transcoding would
/// skip without a word: a misspelt "members" or "handling" would send the message with its own addressees or handling
/// code. Both proto3 JSON names (lowerCamel) and the proto field names are fields, as the transcoder reads them.
/// </summary>
internal static class JsonRequestFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Dictionary<string, FieldDescriptor>> Names = new();

    /// <summary>The path of the first unknown property under <paramref name="json"/> (proto names, list indexes), or null.</summary>
    public static string? FirstUnknown(JsonElement json, MessageDescriptor descriptor, string path = "")
    {
        if (json.ValueKind != JsonValueKind.Object || IsWellKnown(descriptor))
        {
            // Not an object (the strict parse names the mismatch), or a type whose JSON form is not its fields.
            return null;
        }

        var fields = Names.GetOrAdd(descriptor, Index);
        foreach (var property in json.EnumerateObject())
        {
            if (!fields.TryGetValue(property.Name, out var field))
            {
                return Join(path, property.Name);
            }

            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var at = Join(path, field.Name);
            var unknown = field switch
            {
                { IsMap: true } => Map(property.Value, field, at),
                { IsRepeated: true } => List(property.Value, field.MessageType, at),
                _ => FirstUnknown(property.Value, field.MessageType, at),
            };
            if (unknown is not null)
            {
                return unknown;
            }
        }

        return null;
    }

    private static string? List(JsonElement json, MessageDescriptor item, string path)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var i = 0;
        foreach (var element in json.EnumerateArray())
        {
            if (FirstUnknown(element, item, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]") is { } unknown)
            {
                return unknown;
            }

            i++;
        }

        return null;
    }

    private static string? Map(JsonElement json, FieldDescriptor map, string path)
    {
        var value = map.MessageType.FindFieldByNumber(2);
        if (json.ValueKind != JsonValueKind.Object || value.FieldType != FieldType.Message)
        {
            return null;
        }

        foreach (var entry in json.EnumerateObject())
        {
            if (FirstUnknown(entry.Value, value.MessageType, $"{path}[{entry.Name}]") is { } unknown)
            {
                return unknown;
            }
        }

        return null;
    }

    private static Dictionary<string, FieldDescriptor> Index(MessageDescriptor descriptor)
    {
        var names = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            names[field.Name] = field;
            names[field.JsonName] = field;
        }

        return names;
    }

    private static bool IsWellKnown(MessageDescriptor descriptor) => descriptor.File.Package == "google.protobuf";

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
