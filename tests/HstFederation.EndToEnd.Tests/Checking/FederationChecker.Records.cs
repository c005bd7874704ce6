namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>The checks across records: no stray inbox row, no hub message its sender does not hold as accepted, the audit chains.</summary>
internal sealed partial class FederationChecker
{
    /// <summary>No inbox holds anything but accepted messages addressed to it.</summary>
    private void CheckInboxes()
    {
        foreach (var (party, node) in _nodes)
        {
            foreach (var key in node.Inbox.Keys)
            {
                if (!_nodes.TryGetValue(key.Sender, out var sender) || !sender.Outbox.TryGetValue(key, out var sent)
                    || sent.State != OutboxState.Accepted || !sent.Addressees.Contains(party))
                {
                    Violation($"{party[^2..]} holds {key}, which was not accepted for it");
                }
            }
        }
    }

    /// <summary>The hub holds nothing its senders were not told it accepted.</summary>
    private void CheckHubRecord()
    {
        foreach (var key in _hub.Messages.Keys)
        {
            if (!_nodes.TryGetValue(key.Sender, out var sender) || !sender.Outbox.TryGetValue(key, out var sent) || sent.State != OutboxState.Accepted)
            {
                Violation($"the hub accepted {key}, but its sender's outbox does not hold it as accepted");
            }
        }
    }

    private async Task CheckAuditAsync()
    {
        var results = await Task.WhenAll(_federation.Nodes.Values.Select(n => AuditCheck.NodeAsync(_federation, n)).Append(AuditCheck.HubAsync(_federation)));
        foreach (var result in results)
        {
            _totals.AuditEntries += result.Entries;
            if (!result.Intact)
            {
                Violation($"the audit chain of {result.Party} does not verify: {result.Output}");
            }
        }
    }
}
