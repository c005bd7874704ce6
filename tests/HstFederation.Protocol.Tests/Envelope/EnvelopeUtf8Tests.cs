using System.Text;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Crypto;
using HstFederation.Testing.Envelope;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>
/// docs/protocol.md §4: invalid UTF-8 in a string is a parse failure, as in every strict proto3 reader, so an
/// independent implementation refuses exactly what this one does. The page left it open until the independent
/// Python check (tests/interop/python) asked; this pins the answer.
/// </summary>
public sealed class EnvelopeUtf8Tests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE");

    [Fact]
    public void Open_ContentWithInvalidUtf8InAString_IsMalformedContent()
    {
        var message = _world.Message(["DE"]);
        var title = Encoding.UTF8.GetBytes(message.Case.Title);
        var bytes = new EnvelopeForge(new DeterministicRandomSource("utf8"))
        {
            Message = message,
            Signer = _world.Party("FR"),
            Recipients = _world.Keys("DE"),
            CreatedAt = _world.Time.GetUtcNow(),
            MutatePlaintext = p =>
            {
                var at = p.AsSpan().IndexOf(title);
                Assert.True(at >= 0, "the title's bytes are in the plaintext");
                p[at] = 0xFF;
                return p;
            },
        }.Build();

        var result = _world.Open(bytes, "DE");

        Assert.Equal(RejectionReason.MalformedContent, result.Reason);
        Assert.Contains("UTF-8", result.Rejection!.Detail, StringComparison.Ordinal);
    }
}
