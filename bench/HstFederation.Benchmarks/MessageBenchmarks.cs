using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Benchmarks;

/// <summary>
/// The non-cryptographic steps of seal and open that do not depend on the number of recipients:
/// validating, serializing and strictly parsing the 4 KB message, and reading the sender's key out
/// of its certificate. They explain most of what the primitive model leaves out.
/// </summary>
[BenchmarkCategory("Message")]
public class MessageBenchmarks
{
    private BenchmarkFederation _federation = null!;
    private byte[] _serialized = [];
    private byte[] _certificate = [];

    [GlobalSetup]
    public void Setup()
    {
        _federation = BenchmarkFederation.Instance;
        _serialized = _federation.Message.ToByteArray();
        _certificate = _federation.Sender.Signing.CertificateDer.ToArray();
    }

    [Benchmark(Description = "Validate HST message")]
    public bool Validate() => HstMessageValidator.Validate(_federation.Message, BenchmarkFederation.Now).IsValid;

    [Benchmark(Description = "Serialize HST message")]
    public byte[] Serialize() => _federation.Message.ToByteArray();

    [Benchmark(Description = "Strict parse HST message")]
    public HstMessage StrictParse() => StrictParser.TryParse(HstMessage.Parser, _serialized, out HstMessage message, out _) ? message : throw new InvalidOperationException();

    [Benchmark(Description = "Read Ed25519 key from sender certificate")]
    public bool ReadCertificateKey() => CertificateKeys.TryReadEd25519PublicKey(_certificate, out _);
}
