namespace HstFederation.Protocol.Statements;

/// <summary>What a <see cref="V1.SignedStatement"/> holds; each kind has its own signature label.</summary>
public enum StatementKind
{
    AcceptanceReceipt = 1,
    DeliveryReceipt = 2,
    MemberDirectory = 3,
    LifecycleOrder = 4,
    LifecycleConfirmation = 5,
    LifecycleReceipt = 6,
    AuditHead = 7,
}
