using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>Reads the order a stored SignedStatement carries (it was verified, or signed here, before it was stored).</summary>
internal static class LedgerOrder
{
    public static LifecycleOrder? Parse(byte[]? statement)
    {
        if (statement is null)
        {
            return null;
        }

        try
        {
            return LifecycleOrder.Parser.ParseFrom(SignedStatement.Parser.ParseFrom(statement).Statement);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
