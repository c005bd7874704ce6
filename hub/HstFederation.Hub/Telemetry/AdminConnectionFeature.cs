namespace HstFederation.Hub.Telemetry;

/// <summary>Set on every connection accepted by the admin listener; the request pipeline tells the ports apart by it.</summary>
internal sealed class AdminConnectionFeature
{
    public static AdminConnectionFeature Instance { get; } = new();

    private AdminConnectionFeature()
    {
    }
}
