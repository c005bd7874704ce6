using BenchmarkDotNet.Attributes;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Benchmarks;

/// <summary>
/// The public envelope API on a 4096-byte HST message: seal for n recipients, verify as the hub
/// does (no private key), and open as one recipient (verify included, then unwrap, decrypt, parse
/// and validate).
/// </summary>
[BenchmarkCategory("Envelope")]
public class EnvelopeBenchmarks
{
    private BenchmarkFederation _federation = null!;
    private IReadOnlyList<CertifiedKey> _recipientKeys = [];
    private SealOptions _options = null!;
    private ReadOnlyMemory<byte> _envelope;
    private PartyCredentials _reader = null!;

    [Params(1, 10, 195)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _federation = BenchmarkFederation.Instance;
        _recipientKeys = _federation.RecipientKeys(Recipients);
        _options = new SealOptions { Sequence = 1 };
        _envelope = _federation.Seal(Recipients).Bytes;
        _reader = _federation.Recipients[Recipients - 1];

        // Fail the setup, not the measurement, if the envelope does not verify and open.
        _federation.Opener.Open(_envelope, _reader).GetValueOrThrow();
    }

    [Benchmark(Description = "Seal")]
    public SealedEnvelope Seal() => _federation.Sealer.Seal(_federation.Message, _federation.Sender, _recipientKeys, _options);

    [Benchmark(Description = "Verify (hub, no private key)")]
    public VerifiedEnvelope Verify() => _federation.Verifier.Verify(_envelope).GetValueOrThrow();

    [Benchmark(Description = "Open (one recipient)")]
    public OpenedEnvelope Open() => _federation.Opener.Open(_envelope, _reader).GetValueOrThrow();

    /// <summary>The protobuf part of Verify: strict parse of the envelope, then of its header (which grows with n).</summary>
    [Benchmark(Description = "Strict parse envelope + header")]
    public EnvelopeHeader ParseEnvelopeAndHeader() =>
        StrictParser.TryParse(Envelope.Parser, _envelope.Span, out Envelope envelope, out _)
        && StrictParser.TryParse(EnvelopeHeader.Parser, envelope.Header.Span, out EnvelopeHeader header, out _)
            ? header
            : throw new InvalidOperationException("The benchmark envelope does not parse.");
}
