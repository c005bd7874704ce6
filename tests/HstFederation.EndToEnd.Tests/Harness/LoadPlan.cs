namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>A seeded load: messages from the given senders, each to 2 or 3 other members (fan-out).</summary>
internal static class LoadPlan
{
    /// <summary>
    /// <paramref name="count"/> messages numbered from <paramref name="firstNumber"/>, senders in turn; every fourth one
    /// may be read by the hub, the others are direct and carry <paramref name="canaryPrefix"/> plus their number.
    /// <paramref name="alwaysTo"/>, when given, is among the addressees of every message.
    /// </summary>
    public static List<PlannedMessage> Create(
        Random random, IReadOnlyList<string> senders, IReadOnlyList<string> members, int count, string canaryPrefix, int firstNumber = 1, string? alwaysTo = null)
    {
        var plan = new List<PlannedMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var number = firstNumber + i;
            var sender = senders[i % senders.Count];
            var others = members.Where(m => m != sender).OrderBy(m => m == alwaysTo ? -1 : random.Next()).ToList();
            var to = others.Take(Math.Min(others.Count, 2 + random.Next(2))).Order(StringComparer.Ordinal).ToList();
            var hubMayRead = number % 4 == 0;
            plan.Add(new PlannedMessage(number, sender, to, hubMayRead, hubMayRead ? null : $"{canaryPrefix}{number:D5}"));
        }

        return plan;
    }
}
