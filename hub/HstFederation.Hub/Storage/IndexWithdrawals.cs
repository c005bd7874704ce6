using System.Collections.Concurrent;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Hub sequences whose entities the store no longer holds (recalled, expired or superseded messages), published by
/// the writer after each commit and taken by the intelligence worker before it matches anything, so its in-memory
/// index never matches a withdrawn message. A removal the worker races with is caught in its own transaction
/// (IntelligenceCommit checks the message is still current).
/// </summary>
internal sealed class IndexWithdrawals
{
    private readonly ConcurrentQueue<long> _pending = new();

    public void Publish(IReadOnlyList<long> hubSequences)
    {
        foreach (var hubSequence in hubSequences)
        {
            _pending.Enqueue(hubSequence);
        }
    }

    public List<long> TakeAll()
    {
        var taken = new List<long>();
        while (_pending.TryDequeue(out var hubSequence))
        {
            taken.Add(hubSequence);
        }

        return taken;
    }
}
