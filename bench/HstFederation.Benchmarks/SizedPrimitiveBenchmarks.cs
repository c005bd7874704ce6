using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace HstFederation.Benchmarks;

/// <summary>
/// The primitives whose cost grows with the input: Ed25519 (BouncyCastle RFC 8032; it hashes the
/// message with SHA-512) and SHA-256. The header grows by ~124 bytes per recipient, so the report
/// interpolates these at the real header size of each envelope: 256 B and 2.5 KB bracket 1 and 10
/// recipients, 32 KB brackets 195; 4 KB is the content.
/// </summary>
[BenchmarkCategory("Primitives")]
public class SizedPrimitiveBenchmarks
{
    private readonly byte[] _seed = new byte[Ed25519.SecretKeySize];
    private readonly byte[] _publicKey = new byte[Ed25519.PublicKeySize];
    private readonly byte[] _signature = new byte[Ed25519.SignatureSize];
    private readonly byte[] _digest = new byte[SHA256.HashSizeInBytes];
    private byte[] _input = [];

    [Params(256, 2560, 4096, 32768)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_seed);
        Ed25519.GeneratePublicKey(_seed, 0, _publicKey, 0);
        _input = new byte[Bytes];
        RandomNumberGenerator.Fill(_input);
        Ed25519.Sign(_seed, 0, _input, 0, _input.Length, _signature, 0);
    }

    [Benchmark(Description = "Ed25519 sign")]
    public byte[] Ed25519Sign()
    {
        Ed25519.Sign(_seed, 0, _input, 0, _input.Length, _signature, 0);
        return _signature;
    }

    [Benchmark(Description = "Ed25519 verify")]
    public bool Ed25519Verify() => Ed25519.Verify(_signature, 0, _publicKey, 0, _input, 0, _input.Length);

    [Benchmark(Description = "SHA-256")]
    public byte[] Sha256()
    {
        SHA256.HashData(_input, _digest);
        return _digest;
    }
}
