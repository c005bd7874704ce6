using HstFederation.Node.Commands;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Ledger;

/// <summary>How `ledger` and `show` word an order's terms.</summary>
public sealed class LedgerOrderTextTests
{
    public static TheoryData<RecallReason> Reasons() =>
        [.. Enum.GetValues<RecallReason>().Where(r => r != RecallReason.Unspecified)];

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Terms_OfARecall_NameItsReasonInTheWordRecallReasonTakes(RecallReason reason)
    {
        var order = new LifecycleOrder { Recall = new RecallOrder { Reason = reason, Note = "wrong addressee" } };

        var terms = LedgerOrderText.Terms("recall", order);

        // What the ledger prints is what the operator typed ("sent-in-error", not "sentinerror"), and recall takes it back.
        var word = terms["recall (".Length..terms.IndexOf(')', StringComparison.Ordinal)];
        Assert.Equal(reason, RecallCommand.Reason(word));
        Assert.EndsWith("): wrong addressee", terms, StringComparison.Ordinal);
    }
}
