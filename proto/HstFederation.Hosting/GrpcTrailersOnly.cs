using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace HstFederation.Hosting;

/// <summary>
/// Answers a gRPC call refused before its handler read its request, as grpc-dotnet answers one (the gRPC over HTTP/2
/// protocol's "Trailers-Only"): HTTP 200, content type application/grpc, no body, the status in the headers. Hub and
/// node use it to refuse a caller before its request message is read, each with the binary trailer its clients read
/// the reason from, so the client sees the RpcException a refusal inside the call would give it.
/// </summary>
public static class GrpcTrailersOnly
{
    private const string GrpcContentType = "application/grpc";

    /// <summary>
    /// Whether grpc-dotnet serves <paramref name="request"/> as a call, reading its messages: HTTP/2 (or 3) with its
    /// content type, application/grpc alone or followed by a subtype (+proto) or parameters. Any other request to a gRPC
    /// method it refuses itself, without reading the body.
    /// </summary>
    public static bool IsGrpcCall(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = request.ContentType;
        return (HttpProtocol.IsHttp2(request.Protocol) || HttpProtocol.IsHttp3(request.Protocol))
            && type is not null
            && type.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase)
            && (type.Length == GrpcContentType.Length || type[GrpcContentType.Length] is '+' or ';');
    }

    /// <summary>Writes the refusal: <paramref name="status"/> (a gRPC status code), <paramref name="message"/>, and <paramref name="trailer"/> (a -bin key) holding <paramref name="value"/>.</summary>
    public static void Write(HttpResponse response, int status, string message, string trailer, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(value);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcContentType;
        response.Headers["grpc-status"] = status.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncoded(message);
        response.Headers[trailer] = Convert.ToBase64String(value);
    }

    /// <summary>
    /// The grpc-message form of <paramref name="text"/> (the protocol's "Status-Message"): its UTF-8 bytes, each outside
    /// printable ASCII, and '%', as %XX. A refusal's text may quote a name, and Kestrel sends no header byte outside ASCII.
    /// </summary>
    public static string PercentEncoded(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoded = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
