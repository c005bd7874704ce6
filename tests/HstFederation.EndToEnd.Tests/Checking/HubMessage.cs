namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>A message the hub accepted: its hub sequence, envelope digest and the receipt it signed.</summary>
internal sealed record HubMessage(MessageKey Key, long HubSequence, byte[] EnvelopeSha256, byte[] Receipt);
