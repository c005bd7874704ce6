using HstFederation.Node.Hosting;

namespace HstFederation.Node.Commands;

/// <summary>`serve`: runs the node (<see cref="NodeApplication"/>) until stopped.</summary>
internal sealed class ServeCommand : INodeCommand
{
    public string Name => "serve";

    public string Summary => "Run the node: hub link (send, receive, receipts) and the agency API.";

    public string Help => """
        Usage: hst-node serve [--config FILE] [--Node:<Name>=<value> ...]

        Runs the node until stopped (Ctrl+C / SIGTERM):
          - the outbox sender: seals queued messages and submits them to the hub over mutual TLS 1.3,
            retrying with backoff across restarts until the hub accepts or refuses each one;
          - the inbox subscriber: holds the hub's delivery stream from the stored cursor, verifies,
            decrypts and stores each delivery once, acknowledges in batches with signed delivery
            receipts, quarantines what fails verification and raises sequence-gap alarms;
          - the member directory and CRL refresh (both fail closed when they cannot be renewed);
          - the agency API listener (docs/agency-api.md).
        Messages queued by 'hst-node send' in another process are picked up within Node:OutboxPollInterval.

        Example:
          hst-node serve --config /etc/hst/node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        using var host = NodeApplication.Build(CommandSettings.HostArguments(context.Arguments), context.Time);
        await host.RunAsync(cancellationToken);
        return NodeCommandLine.Success;
    }
}
