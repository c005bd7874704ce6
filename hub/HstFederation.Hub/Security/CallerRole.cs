namespace HstFederation.Hub.Security;

/// <summary>What the hub knows a caller to be, from its certificate and the member registry.</summary>
[Flags]
internal enum CallerRole
{
    None = 0,
    ActiveMember = 1,
    SuspendedMember = 2,
    Hub = 4,
}
