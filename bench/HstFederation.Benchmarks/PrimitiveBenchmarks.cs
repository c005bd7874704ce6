using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using HstFederation.Protocol.Crypto;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace HstFederation.Benchmarks;

/// <summary>
/// The fixed-size primitives of the suite, called as the protocol calls them: libsodium X25519
/// (<see cref="Curve25519"/>), .NET AesGcm with a new key object per message (each key encrypts one
/// value), HKDF-SHA256. The <c>…BouncyCastle</c> methods are the "before" reference: the managed
/// X25519 the protocol called until it moved to libsodium; the report's model does not use them.
/// </summary>
[BenchmarkCategory("Primitives")]
public class PrimitiveBenchmarks
{
    private const int TagSize = 16;

    private readonly byte[] _privateKey = new byte[32];
    private readonly byte[] _peerPublicKey = new byte[32];
    private readonly byte[] _out32 = new byte[32];
    private readonly byte[] _key = new byte[32];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _aad = new byte[31];
    private readonly byte[] _content = new byte[BenchmarkFederation.MessageBytes];
    private readonly byte[] _contentCiphertext = new byte[BenchmarkFederation.MessageBytes];
    private readonly byte[] _contentTag = new byte[TagSize];
    private readonly byte[] _contentOut = new byte[BenchmarkFederation.MessageBytes];
    private readonly byte[] _wrapCiphertext = new byte[32];
    private readonly byte[] _wrapTag = new byte[TagSize];
    private readonly byte[] _salt = new byte[16];
    private readonly byte[] _info = new byte[16 + 16 + 32 + 32 + 16 + 17];

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_privateKey);
        var peerPrivate = new byte[32];
        RandomNumberGenerator.Fill(peerPrivate);
        Curve25519.X25519PublicKey(peerPrivate, _peerPublicKey);
        RandomNumberGenerator.Fill(_key);
        RandomNumberGenerator.Fill(_nonce);
        RandomNumberGenerator.Fill(_content);
        RandomNumberGenerator.Fill(_salt);
        RandomNumberGenerator.Fill(_info);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(_nonce, _content, _contentCiphertext, _contentTag, _aad);
        aes.Encrypt(_nonce, _out32, _wrapCiphertext, _wrapTag);
    }

    [Benchmark(Description = "X25519 key generation")]
    public byte[] X25519KeyGeneration()
    {
        Curve25519.X25519PublicKey(_privateKey, _out32);
        return _out32;
    }

    [Benchmark(Description = "X25519 agreement")]
    public bool X25519Agreement() => Curve25519.X25519TryAgree(_privateKey, _peerPublicKey, _out32);

    [Benchmark(Description = "X25519 key generation (before: BouncyCastle)")]
    public byte[] X25519KeyGenerationBouncyCastle()
    {
        BcX25519.GeneratePublicKey(_privateKey, 0, _out32, 0);
        return _out32;
    }

    [Benchmark(Description = "X25519 agreement (before: BouncyCastle)")]
    public bool X25519AgreementBouncyCastle() => BcX25519.CalculateAgreement(_privateKey, 0, _peerPublicKey, 0, _out32, 0);

    [Benchmark(Description = "HKDF-SHA256, 32 B out")]
    public byte[] Hkdf()
    {
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, _out32, _salt, _info);
        return _out32;
    }

    [Benchmark(Description = "AES-256-GCM encrypt 4 KB")]
    public byte[] AesGcmEncryptContent()
    {
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(_nonce, _content, _contentOut, _contentTag, _aad);
        return _contentOut;
    }

    [Benchmark(Description = "AES-256-GCM decrypt 4 KB")]
    public byte[] AesGcmDecryptContent()
    {
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(_nonce, _contentCiphertext, _contentTag, _contentOut, _aad);
        return _contentOut;
    }

    [Benchmark(Description = "AES-256-GCM encrypt 32 B")]
    public byte[] AesGcmEncryptKey()
    {
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(_nonce, _out32, _wrapCiphertext, _wrapTag);
        return _wrapCiphertext;
    }

    [Benchmark(Description = "AES-256-GCM decrypt 32 B")]
    public byte[] AesGcmDecryptKey()
    {
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(_nonce, _wrapCiphertext, _wrapTag, _out32);
        return _out32;
    }
}
