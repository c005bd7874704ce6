namespace HstFederation.Storage;

/// <summary>A volume's free space this process may use and its size, in bytes (<see cref="VolumeSpace.Read"/>).</summary>
public readonly record struct VolumeReading(long Available, long Total);
