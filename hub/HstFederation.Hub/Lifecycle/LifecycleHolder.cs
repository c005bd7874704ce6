using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Lifecycle;

/// <summary>A member holding a copy of a message: a recipient in the source's signed header, or given a forwarded copy on a release.</summary>
internal sealed record LifecycleHolder(PartyId Party, bool ForwardedCopy)
{
    /// <summary>Every holder of the message at <paramref name="hubSequence"/>, direct recipients first, each once.</summary>
    public static List<LifecycleHolder> Of(Microsoft.Data.Sqlite.SqliteConnection connection, long hubSequence) =>
        connection.Query(
            """
            SELECT recipient, 0 FROM deliveries WHERE hub_sequence = $hub AND kind = 1 AND forward_id IS NULL
            UNION
            SELECT recipient, 1 FROM forwards WHERE hub_sequence = $hub
            ORDER BY 2, 1;
            """,
            reader =>
            {
                var holders = new List<LifecycleHolder>();
                while (reader.Read())
                {
                    var party = PartyId.Parse(reader.GetString(0));
                    if (!holders.Exists(h => h.Party == party))
                    {
                        holders.Add(new LifecycleHolder(party, reader.GetInt64(1) == 1));
                    }
                }

                return holders;
            },
            ("$hub", hubSequence));
}
