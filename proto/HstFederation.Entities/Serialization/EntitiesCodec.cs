using System.Text;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Serialization;

/// <summary>
/// The stored form of <see cref="MessageEntities"/> (docs/matching.md §1): a version byte (1), then the
/// identifiers, persons and organisations as counts and fields in declaration order, integers as 7-bit
/// varints and strings as varint-length-prefixed UTF-8 (<see cref="BinaryWriter"/>'s encoding). A reader
/// refuses versions it does not know, so a hub rebuilding its index after an upgrade re-extracts instead.
/// </summary>
internal static class EntitiesCodec
{
    public const byte Version = 1;

    public static byte[] Write(MessageEntities entities)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            WriteList(writer, entities.Identifiers, WriteIdentifier);
            WriteList(writer, entities.Persons, WritePerson);
            WriteList(writer, entities.Organisations, (w, o) =>
            {
                w.Write(o.Path);
                w.Write(o.Name);
                WriteList(w, o.Aliases, (w2, a) => w2.Write(a));
            });
        }

        return stream.ToArray();
    }

    public static MessageEntities Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || bytes[0] != Version)
        {
            throw new FormatException(bytes.Length == 0 ? "No entities." : $"Unknown entities version {bytes[0]}.");
        }

        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            reader.ReadByte();
            var identifiers = ReadList(reader, ReadIdentifier);
            var persons = ReadList(reader, ReadPerson);
            var organisations = ReadList(reader, r => new OrganisationRecord(r.ReadString(), r.ReadString(), ReadList(r, r2 => r2.ReadString())));
            if (stream.Position != stream.Length)
            {
                throw new FormatException("Trailing bytes after the entities.");
            }

            return new MessageEntities(identifiers, persons, organisations);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("Truncated entities.", e);
        }
    }

    private static void WritePerson(BinaryWriter writer, PersonRecord person)
    {
        writer.Write(person.Path);
        WriteList(writer, person.Names, (w, n) =>
        {
            w.Write(n.Source);
            w.Write(n.Split);
            WriteList(w, n.Family, (w2, t) => w2.Write(t));
            WriteList(w, n.Given, (w2, t) => w2.Write(t));
        });
        writer.Write(person.DateOfBirth.HasValue);
        if (person.DateOfBirth is { } date)
        {
            writer.Write7BitEncodedInt(date.Year);
            writer.Write7BitEncodedInt(date.Month);
            writer.Write7BitEncodedInt(date.Day);
        }

        WriteList(writer, person.Nationalities, (w, c) => w.Write(c));
        WriteList(writer, person.Identifiers, WriteIdentifier);
    }

    private static PersonRecord ReadPerson(BinaryReader reader)
    {
        var path = reader.ReadString();
        var names = ReadList(reader, r =>
        {
            var source = r.ReadString();
            var split = r.ReadBoolean();
            return new PersonNameForm(ReadList(r, r2 => r2.ReadString()), ReadList(r, r2 => r2.ReadString()), split, source);
        });
        BirthDate? date = reader.ReadBoolean()
            ? new BirthDate(reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt())
            : null;
        var nationalities = ReadList(reader, r => r.ReadString());
        return new PersonRecord(path, names, date, nationalities, ReadList(reader, ReadIdentifier));
    }

    private static void WriteIdentifier(BinaryWriter writer, ExtractedIdentifier identifier)
    {
        writer.Write7BitEncodedInt((int)identifier.Kind);
        writer.Write(identifier.Value);
        writer.Write(identifier.Path);
    }

    private static ExtractedIdentifier ReadIdentifier(BinaryReader reader) =>
        new((MatchKind)reader.Read7BitEncodedInt(), reader.ReadString(), reader.ReadString());

    private static void WriteList<T>(BinaryWriter writer, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        writer.Write7BitEncodedInt(items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    private static List<T> ReadList<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        var count = reader.Read7BitEncodedInt();
        // Every item takes at least one byte: a count beyond what is left is corrupt, not a reason to allocate.
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new FormatException("Corrupt entities: a count exceeds the data.");
        }

        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(reader));
        }

        return items;
    }
}
