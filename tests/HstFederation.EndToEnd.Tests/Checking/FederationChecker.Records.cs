namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>The checks across records: no stray inbox row, no hub message its sender does not hold as accepted, the audit chains, the hub's heads the nodes hold.</summary>
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

        // The heads of the hub's chain the nodes recorded: the hub's chain must still pass through each node's last one,
        // and no node may have seen it go back (nothing here restores the hub from a backup).
        foreach (var node in _federation.Nodes.Values)
        {
            if (await AuditCheck.HubHeadAsync(_federation, node) is not { } recorded)
            {
                continue;
            }

            _totals.HubHeadsChecked++;
            if (!recorded.Verified.Intact)
            {
                Violation($"the hub's audit chain does not pass through the head {node.Code} recorded: {recorded.Verified.Output}");
            }

            if (recorded.WentBack > 0)
            {
                Violation($"{node.Code} saw the hub's audit chain go back {recorded.WentBack} times");
            }
        }

        if (_totals.HubHeadsChecked == 0)
        {
            Violation("no node recorded a head of the hub's audit chain");
        }
    }
}
