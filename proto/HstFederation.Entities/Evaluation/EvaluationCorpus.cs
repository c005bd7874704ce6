using System.Globalization;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Evaluation;

/// <summary>
/// The seeded evaluation corpus of the person matcher (docs/matching.md §4). <c>persons</c> identities, each
/// indexed once as its source wrote it (<see cref="PersonRenderer.Base"/>) and queried once as another source
/// wrote it (<see cref="PersonRenderer.Variant"/>): the true matches. The index also holds true non-matches
/// with similar names: a relative (same family name, another given name, same birth year) for 25% of the
/// identities and a namesake (same names, same birth year, another day) for 8%. 15% more queries have no
/// true match in the index, half of them relatives of an indexed identity. Names are drawn with a skew
/// (common names are common) from the <see cref="NamePools"/>: 30% Cyrillic, 35% Arabic, 10% Greek, 25%
/// Latin with diacritics. Everything is generated lazily and deterministically from the seed, so a run of
/// a million indexed persons holds only the index in memory.
/// </summary>
internal sealed class EvaluationCorpus(int persons, int seed)
{
    public const double RelativeShare = 0.25;
    public const double NamesakeShare = 0.08;
    public const double UnmatchedQueryShare = 0.15;

    public int Persons => persons;

    /// <summary>One indexed person; <see cref="Identity"/> is -1 for the non-matches (relatives, namesakes).</summary>
    public sealed record Indexed(int Identity, MessageEntities Entities);

    /// <summary>One query; <see cref="Identity"/> is -1 when the index holds no true match.</summary>
    public sealed record Query(int Identity, MessageEntities Entities);

    public IEnumerable<Indexed> IndexedPersons()
    {
        for (var id = 0; id < persons; id++)
        {
            var identity = Identity(id);
            var random = Random(id, 0);
            var renderer = new PersonRenderer(random);
            var spelling = random.Next(12);
            yield return new Indexed(id, Extract(renderer.Base(identity, spelling), identity));
            if (random.NextDouble() < RelativeShare)
            {
                yield return new Indexed(-1, Extract(renderer.Relative(identity, random.Next(12)), identity));
            }

            if (random.NextDouble() < NamesakeShare)
            {
                yield return new Indexed(-1, Extract(renderer.Namesake(identity, random.Next(12)), identity));
            }
        }
    }

    public IEnumerable<Query> Queries()
    {
        for (var id = 0; id < persons; id++)
        {
            var identity = Identity(id);
            var baseSpelling = Random(id, 0).Next(12);
            yield return new Query(id, Extract(new PersonRenderer(Random(id, 1)).Variant(identity, baseSpelling), identity));
        }

        var unmatched = (int)(persons * UnmatchedQueryShare);
        for (var n = 0; n < unmatched; n++)
        {
            var random = Random(persons + n, 2);
            var renderer = new PersonRenderer(random);
            var stranger = Identity(persons + n);
            yield return n % 2 == 0 && persons > 0
                ? new Query(-1, Extract(renderer.Relative(Identity(random.Next(persons)), random.Next(12)), stranger))
                : new Query(-1, Extract(renderer.Variant(stranger, random.Next(12)), stranger));
        }
    }

    public CorpusIdentity Identity(int id)
    {
        var random = Random(id, 9);
        var origin = random.NextDouble() switch
        {
            < 0.30 => NameOrigin.Cyrillic,
            < 0.65 => NameOrigin.Arabic,
            < 0.75 => NameOrigin.Greek,
            _ => NameOrigin.Latin,
        };
        var pool = PersonRenderer.Pool(origin);
        var given = Skewed(random, pool);
        var second = random.NextDouble() < 0.1 ? (given + 1 + random.Next(pool - 1)) % pool : -1;
        var born = new DateOnly(1955, 1, 1).AddDays(random.Next(53 * 365));
        var countries = PersonRenderer.Countries(origin);
        var phone = random.NextDouble() < 0.3 ? "+336" + random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture) : null;
        var passport = random.NextDouble() < 0.2 ? "P" + random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture) : null;
        return new CorpusIdentity(id, origin, given, second, Skewed(random, PersonRenderer.FamilyPool(origin)),
            born, countries[random.Next(countries.Length)], phone, passport);
    }

    /// <summary>Index 0 is the commonest: a name of the first tenth is drawn about three times as often as one of the last.</summary>
    private static int Skewed(Random random, int count) => Math.Min(count - 1, (int)(count * Math.Pow(random.NextDouble(), 1.6)));

    /// <summary>
    /// A generator per (identity, role), seeded through SplitMix64: System.Random's seeded generator gives
    /// correlated first draws for neighbouring seeds, which would make neighbouring identities alike.
    /// </summary>
    private Random Random(int id, int role)
    {
        var z = unchecked(((ulong)(uint)seed << 40) ^ ((ulong)(uint)id << 8) ^ (uint)role) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)((z ^ (z >> 31)) & int.MaxValue));
    }

    private static MessageEntities Extract(Person person, CorpusIdentity identity)
    {
        var message = new HstMessage();
        message.Persons.Add(person);
        return EntityExtractor.Extract(message, identity.Nationality);
    }
}
