namespace HstFederation.Demo.Run;

/// <summary>Step 4: which node stored which message, across every node of the federation, and the hub's files.</summary>
internal sealed partial class DemoRunner
{
    private async Task CheckWhoHoldsWhatAsync(CancellationToken cancellationToken)
    {
        _report.Heading($"4. Who holds what: the inbox of every node ({string.Join(", ", _nodes.Keys)}), then the hub's own files");
        await AttemptAsync("inboxes-read", async token =>
        {
            await InboxCensus.TakeAsync(_nodes.Values, Exchanges, _since, token);
            return true;
        }, cancellationToken);
        foreach (var message in Exchanges)
        {
            var holders = message.StoredMs.Keys.ToList();
            var exact = holders.Order(StringComparer.Ordinal).SequenceEqual(message.To.Order(StringComparer.Ordinal));
            _report.Expect(
                $"{message.Name}-delivered-exactly",
                exact,
                $"{message.From} → {string.Join(", ", message.To)}: stored by {(holders.Count == 0 ? "no node" : string.Join(", ", holders))}"
                    + (exact ? ", no one else" : $"; expected exactly {string.Join(", ", message.To)}"));
        }

        // Deliberately behind the interfaces, and only here: the hub's files as bytes, never opened as a database.
        var files = FileScan.Files(_federation.Hub).Where(File.Exists).Select(Path.GetFileName);
        var holding = await AttemptAsync("hub-files-without-canary", token => FileScan.FilesHoldingAsync(FileScan.Files(_federation.Hub), _canary, token), cancellationToken);
        _report.Expect(
            "hub-files-without-canary",
            holding.Count == 0,
            holding.Count == 0
                ? $"the demo read the hub's files directly ({string.Join(", ", files)}) as raw bytes: none holds the direct exchange's canary"
                : $"the canary of the direct exchange is in {string.Join(", ", holding)}");
    }
}
