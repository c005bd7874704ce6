using HstFederation.Demo.Federation.Cli;
using HstFederation.Demo.Scenario;

namespace HstFederation.Demo.Run;

/// <summary>Step 3: FR's direct exchange with ES, which the hub routes but may not read; it carries the canary.</summary>
internal sealed partial class DemoRunner
{
    private readonly string _canary = Canary.Create();

    private async Task SendDirectExchangeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var content = DirectRequest.Create(now, NetworkCase.Reference(now), _canary);
        _report.Heading("3. FR's NCB asks ES directly about the network's money collector (H3, the hub may NOT read) with its node's CLI");
        _report.Line($"case       {content.Case.Reference}; carries this run's canary {_canary}");
        await SendWithCliAsync(_direct, content, "H3", cancellationToken);
        await FollowAsync(_direct, cancellationToken);

        // The canary check below only means something if the canary really travelled: ES reads it in clear.
        var shown = await AttemptAsync("direct-readable-at-es", token => Node("ES").RunAsync<ShowOutput>(["show", _direct.MessageId!], token), cancellationToken);
        var summary = shown.Inbox.Select(i => i.Content?.GetProperty("case").GetProperty("summary").GetString()).FirstOrDefault();
        _report.Require(
            "direct-readable-at-es",
            summary?.Contains(_canary, StringComparison.Ordinal) == true,
            summary is null ? "ES's node has no readable copy" : "ES's node decrypted it and its content holds the canary");
    }
}
