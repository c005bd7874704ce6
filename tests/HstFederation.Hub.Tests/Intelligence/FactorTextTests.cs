using HstFederation.Hub.Intelligence;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>A notification names only the recipient's own paths: the matcher's "yours / theirs" note is cut to one side.</summary>
public sealed class FactorTextTests
{
    [Theory]
    [InlineData("similar 0.91 (aliases[0] / name.original_script)", true, "similar 0.91 (your aliases[0])")]
    [InlineData("similar 0.91 (aliases[0] / name.original_script)", false, "similar 0.91 (your name.original_script)")]
    [InlineData("exact (name / aliases[1]; family and given names swapped)", false, "exact (your aliases[1]; family and given names swapped)")]
    [InlineData("similar 0.97", true, "similar 0.97")]
    [InlineData("day and month swapped", false, "day and month swapped")]
    public void ForSide_KeepsOnlyTheRecipientsOwnPath(string agreement, bool newSide, string expected)
    {
        Assert.Equal(expected, FactorText.ForSide(agreement, newSide));
    }
}
