using System.Buffers.Text;
using Grpc.Core;
using HstFederation.Node.Agency;

namespace HstFederation.Node.Tests.Agency;

/// <summary>Page tokens bound to their agency and list, tamper-evident (AgencyPageTokens), on their own.</summary>
public sealed class AgencyPageTokensTests
{
    private const string Police = "agency:border-police";
    private const string Customs = "agency:customs";

    private readonly AgencyPageTokens _tokens = new(Enumerable.Range(1, 32).Select(b => (byte)b).ToArray());

    [Theory]
    [InlineData("outbox", 2)]
    [InlineData("inbox", 41)]
    [InlineData("hits", long.MaxValue)]
    [InlineData("products", 7)]
    public void Read_TheTokenIssuedToTheAgencyForTheList_IsItsPosition(string list, long before)
    {
        var token = _tokens.Issue(Police, list, before);

        Assert.Equal(before, _tokens.Read(Police, list, token, "page_token"));
        Assert.Matches("^[A-Za-z0-9_-]{40}$", token);
        Assert.DoesNotContain(list, token, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnotherAgencysToken_IsInvalidRequestNamingTheField_WithoutNamingTheAgency()
    {
        var token = _tokens.Issue(Customs, "inbox", 41);

        var refused = Refused(Police, "inbox", token);

        Assert.Contains("not a page token this node gave this agency", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("customs", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ATokenOfAnotherList_IsInvalidRequestNamingBothLists()
    {
        var token = _tokens.Issue(Police, "outbox", 41);

        var refused = Refused(Police, "inbox", token);

        Assert.Equal("page_token: a page token of the outbox, not of the inbox: each list pages with its own tokens", refused.Message);
    }

    [Fact]
    public void Read_ATokenWithAnyBitChanged_IsInvalidRequest()
    {
        var issued = Base64Url.DecodeFromChars(_tokens.Issue(Police, "inbox", 41));
        for (var bit = 0; bit < issued.Length * 8; bit++)
        {
            var changed = (byte[])issued.Clone();
            changed[bit / 8] ^= (byte)(1 << (bit % 8));

            Refused(Police, "inbox", Base64Url.EncodeToString(changed));
        }
    }

    [Fact]
    public void Read_AnotherPositionWithTheMacKept_IsNotAPageTokenThisNodeGaveThisAgency()
    {
        var changed = Base64Url.DecodeFromChars(_tokens.Issue(Police, "inbox", 41));
        changed[13] = 40;

        var refused = Refused(Police, "inbox", Base64Url.EncodeToString(changed));

        Assert.Contains("it was changed, or given to another agency", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ATokenFromBeforeARestart_TellsTheAgencyToStartAgain()
    {
        var token = new AgencyPageTokens().Issue(Police, "inbox", 41);

        var refused = Refused(Police, "inbox", token);

        Assert.Contains("before the node restarted", refused.Message, StringComparison.Ordinal);
        Assert.Contains("first page", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inbox:41")]
    [InlineData("outbox:2")]
    [InlineData("hits:9")]
    [InlineData("products:3")]
    public void Read_AnOldFormToken_IsRefusedTellingToStartFromTheFirstPage(string token)
    {
        var refused = Refused(Police, "inbox", token);

        Assert.StartsWith("page_token: page tokens of the form 'inbox:41' are no longer accepted", refused.Message, StringComparison.Ordinal);
        Assert.Contains("first page", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("inbox:-1")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Read_NotAToken_IsInvalidRequest(string token) =>
        Refused(Police, "inbox", token);

    /// <summary>Asserts INVALID_REQUEST with one violation on page_token, invalid_format.</summary>
    private AgencyException Refused(string actor, string list, string token)
    {
        var refused = Assert.Throws<AgencyException>(() => _tokens.Read(actor, list, token, "page_token"));
        Assert.Equal((StatusCode.InvalidArgument, AgencyReasons.InvalidRequest), (refused.Status, refused.Reason));
        var field = Assert.Single(refused.Fields);
        Assert.Equal(("page_token", "invalid_format"), (field.Path, field.Code));
        return refused;
    }
}
