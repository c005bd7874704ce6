namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node send --json</c>: the message id, printed once the message is durable in the outbox.</summary>
internal sealed record SendOutput(string MessageId, long LocalId, IReadOnlyList<string> Recipients);
