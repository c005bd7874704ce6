using System.IO.Compression;
using Grpc.Net.Compression;

namespace HstFederation.Hub.Hosting;

/// <summary>
/// The hub's only registered "compression": a name no client sends. gRPC puts gzip and deflate back
/// when the provider list is empty, so the list holds this instead; any compressed request is then
/// refused as an unsupported encoding before a byte of it is inflated (no decompression bombs).
/// </summary>
internal sealed class NoCompression : ICompressionProvider
{
    public string EncodingName => "hst-uncompressed-only";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        throw new NotSupportedException("The hub never compresses.");

    public Stream CreateDecompressionStream(Stream stream) =>
        throw new NotSupportedException("The hub never decompresses.");
}
