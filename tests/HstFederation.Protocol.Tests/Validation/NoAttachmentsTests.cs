using Google.Protobuf.Reflection;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Validation;

/// <summary>
/// THREATS row 20 (hostile attachment names never used as paths) is defended in v1 by there being no attachments:
/// no field of the wire format carries a file or names one, so no program has a name from the network to open.
/// These tests are the tripwire: a field that adds attachments, file names or paths fails them, and with it the
/// row in docs/threat-model.md has to get a defence (names never used as paths) and its tests.
/// </summary>
public sealed class NoAttachmentsTests
{
    /// <summary>
    /// The fields called "path" that exist, and why none is a file system path: a Merkle inclusion path of hashes,
    /// and field paths inside a message (<c>persons[0].name</c>) that matching reports and nobody resolves on a disk.
    /// </summary>
    private static readonly HashSet<string> KnownPathFields = new(StringComparer.Ordinal)
    {
        "hst.v1.StatementBatchProof.path",
        "hst.v1.MatchedEntity.your_path",
        "hst.v1.MatchingToken.path",
    };

    private static readonly string[] FileWords = ["attach", "file", "mime", "disposition", "directory", "path"];

    [Fact]
    public void HstMessage_TheContentASenderWrites_CarriesNoBytesAndNoFieldNamingAFile()
    {
        var offending = Fields(HstMessage.Descriptor)
            .Where(field => field.FieldType == FieldType.Bytes || NamesAFile(field))
            .Select(field => field.FullName)
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void EveryMessageOfTheWireFormat_HasNoFieldNamingAFile_ButTheKnownPaths()
    {
        var files = typeof(HstMessage).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor")?.GetValue(null) as FileDescriptor)
            .OfType<FileDescriptor>()
            .Where(file => file.Package == "hst.v1")
            .Distinct()
            .ToList();

        var offending = files
            .SelectMany(file => file.MessageTypes)
            .SelectMany(AllFields)
            .Where(NamesAFile)
            .Select(field => field.FullName)
            .Where(name => !KnownPathFields.Contains(name))
            .Distinct()
            .ToList();

        Assert.True(files.Count >= 9, $"found only {files.Count} hst.v1 files: the scan would miss fields");
        Assert.Empty(offending);
        Assert.Subset(files.SelectMany(file => file.MessageTypes).SelectMany(AllFields).Select(f => f.FullName).ToHashSet(), KnownPathFields);
    }

    private static bool NamesAFile(FieldDescriptor field) =>
        FileWords.Any(word => field.Name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>The fields of a message and of every message nested in it or reachable through its message fields.</summary>
    private static IEnumerable<FieldDescriptor> Fields(MessageDescriptor root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<MessageDescriptor>([root]);
        while (pending.TryPop(out var message))
        {
            if (!seen.Add(message.FullName))
            {
                continue;
            }

            foreach (var field in message.Fields.InDeclarationOrder())
            {
                yield return field;
                if (field.FieldType == FieldType.Message)
                {
                    pending.Push(field.MessageType);
                }
            }
        }
    }

    /// <summary>The fields of a message and of the messages declared inside it.</summary>
    private static IEnumerable<FieldDescriptor> AllFields(MessageDescriptor message) =>
        message.Fields.InDeclarationOrder().Concat(message.NestedTypes.SelectMany(AllFields));
}
