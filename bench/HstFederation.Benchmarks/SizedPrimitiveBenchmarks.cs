using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using HstFederation.Protocol.Crypto;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace HstFederation.Benchmarks;

/// <summary>
/// The primitives whose cost grows with the input: Ed25519 (libsodium through <see cref="Curve25519"/>,
/// signing with the seed ‖ public key pair that PartyCredentials derives once, as the protocol does;
/// it hashes the message with SHA-512) and
/// SHA-256. The header grows by ~124 bytes per recipient, so the report interpolates these at the
/// real header size of each envelope: 256 B and 2.5 KB bracket 1 and 10 recipients, 32 KB brackets
/// 195; 4 KB is the content. The <c>…BouncyCastle</c> methods are the "before" reference (the managed
/// RFC 8032 code the protocol called until it moved to libsodium); the model does not use them.
/// </summary>
[BenchmarkCategory("Primitives")]
public class SizedPrimitiveBenchmarks
{
    private readonly byte[] _seed = new byte[Curve25519.KeySize];
    private readonly byte[] _keyPair = new byte[Curve25519.Ed25519KeyPairSize];
    private readonly byte[] _publicKey = new byte[Curve25519.KeySize];
    private readonly byte[] _signature = new byte[Curve25519.SignatureSize];
    private readonly byte[] _digest = new byte[SHA256.HashSizeInBytes];
    private byte[] _input = [];

    [Params(256, 2560, 4096, 32768)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_seed);
        Curve25519.Ed25519KeyPair(_seed, _keyPair);
        Curve25519.Ed25519PublicKey(_seed, _publicKey);
        _input = new byte[Bytes];
        RandomNumberGenerator.Fill(_input);
        Curve25519.Ed25519Sign(_keyPair, _input, _signature);
    }

    [Benchmark(Description = "Ed25519 sign")]
    public byte[] Ed25519Sign()
    {
        Curve25519.Ed25519Sign(_keyPair, _input, _signature);
        return _signature;
    }

    [Benchmark(Description = "Ed25519 verify")]
    public bool Ed25519Verify() => Curve25519.Ed25519Verify(_publicKey, _input, _signature);

    [Benchmark(Description = "Ed25519 sign (before: BouncyCastle)")]
    public byte[] Ed25519SignBouncyCastle()
    {
        BcEd25519.Sign(_seed, 0, _input, 0, _input.Length, _signature, 0);
        return _signature;
    }

    [Benchmark(Description = "Ed25519 verify (before: BouncyCastle)")]
    public bool Ed25519VerifyBouncyCastle() => BcEd25519.Verify(_signature, 0, _publicKey, 0, _input, 0, _input.Length);

    [Benchmark(Description = "SHA-256")]
    public byte[] Sha256()
    {
        SHA256.HashData(_input, _digest);
        return _digest;
    }
}
