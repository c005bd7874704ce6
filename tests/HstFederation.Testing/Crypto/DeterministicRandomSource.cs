using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using HstFederation.Protocol.Crypto;

namespace HstFederation.Testing.Crypto;

/// <summary>
/// Reproducible "randomness" for test vectors and deterministic tests: the byte stream
/// SHA-256("HST/v1/test-random" || 0x00 || seed || uint64be(i)) for i = 0, 1, 2 … concatenated.
/// Never use outside tests.
/// </summary>
public sealed class DeterministicRandomSource(string seed) : IRandomSource
{
    private readonly byte[] _prefix = Encoding.ASCII.GetBytes("HST/v1/test-random\0" + seed);
    private readonly byte[] _block = new byte[SHA256.HashSizeInBytes];
    private ulong _counter;
    private int _available;

    public void Fill(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            if (_available == 0)
            {
                NextBlock();
            }

            var take = Math.Min(_available, destination.Length);
            _block.AsSpan(_block.Length - _available, take).CopyTo(destination);
            _available -= take;
            destination = destination[take..];
        }
    }

    private void NextBlock()
    {
        var input = new byte[_prefix.Length + sizeof(ulong)];
        _prefix.CopyTo(input, 0);
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(_prefix.Length), _counter++);
        SHA256.HashData(input, _block);
        _available = _block.Length;
    }
}
