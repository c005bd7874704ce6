namespace HstFederation.Hosting;

/// <summary>
/// The limits of a <see cref="ConnectionGate{TPeer}"/>, and the settings they come from as the log names them
/// (e.g. "Hub:MaxHandshakesPerAddress"), so an operator who reads a refusal knows which setting to raise.
/// </summary>
public sealed record ConnectionGateOptions(int MaxHandshakesPerAddress, string HandshakesSetting, int MaxConnectionsPerPeer, string ConnectionsSetting)
{
    public int MaxHandshakesPerAddress { get; } = MaxHandshakesPerAddress > 0
        ? MaxHandshakesPerAddress
        : throw new ArgumentOutOfRangeException(nameof(MaxHandshakesPerAddress), MaxHandshakesPerAddress, "At least one handshake per address.");

    public int MaxConnectionsPerPeer { get; } = MaxConnectionsPerPeer > 0
        ? MaxConnectionsPerPeer
        : throw new ArgumentOutOfRangeException(nameof(MaxConnectionsPerPeer), MaxConnectionsPerPeer, "At least one connection per peer.");
}
