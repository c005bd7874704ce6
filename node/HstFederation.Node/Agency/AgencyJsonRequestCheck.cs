using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using HstFederation.Protocol.Validation;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace HstFederation.Node.Agency;

/// <summary>
/// Reads a JSON request to the agency API strictly before gRPC JSON transcoding does. The transcoder skips a body
/// property or query parameter it does not know (a misspelt <c>members</c> would send the message to its own addressees, a
/// misspelt <c>after_position</c> would replay the whole inbox) and answers a body or value it cannot read with a bare
/// status: no reason, no correlation id, no field. Here each of those is refused INVALID_REQUEST with the field named, and
/// a body past the node's limit RESOURCE_EXHAUSTED (REQUEST_TOO_LARGE), in the shape of every other refusal
/// (<see cref="AgencyStatus"/>). It runs after the caller was judged and given its call slot (<see cref="AgencyCallGate"/>):
/// a refused caller never gets here, whatever its body. Such a refusal is logged with the agency, not audited: the request
/// never became a call, and what it got wrong is the agency's own text (a property name), not a field path of the API.
/// gRPC calls never pass here: protobuf's binary form has no names to misspell.
/// </summary>
internal sealed partial class AgencyJsonRequestCheck(RequestDelegate next, ILogger<AgencyJsonRequestCheck> logger)
{
    public const string UnknownField = "unknown_field";

    private static readonly JsonParser Strict = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } transcoded)
        {
            await next(context);
            return;
        }

        var request = transcoded.MethodDescriptor.InputType;
        var refusal = Query(context.Request, request, bodyHoldsAll: transcoded.HttpRule.Body == "*");
        if (refusal is null && transcoded.HttpRule.Body.Length > 0)
        {
            refusal = await BodyAsync(context, request);
        }

        if (refusal is not { } refused)
        {
            await next(context);
            return;
        }

        var correlationId = context.TraceIdentifier;
        LogRefused(logger, transcoded.MethodDescriptor.FullName, AgencyCaller.Of(context).Actor, refused.Reason, correlationId);
        var status = AgencyStatus.Create(refused.Code, refused.Reason, refused.Message, correlationId, refused.Fields);
        await AgencyStatus.WriteJsonAsync(context.Response, refused.HttpStatus, status, context.RequestAborted);
    }

    /// <summary>
    /// Every query parameter must name a field of the request, once unless repeated, with a value of its type. An empty
    /// value means the field's default (the docs write <c>?page_size=&amp;page_token=</c>), so it is left out for the transcoder,
    /// which would refuse an empty number.
    /// </summary>
    private static Refusal? Query(HttpRequest http, MessageDescriptor request, bool bodyHoldsAll)
    {
        var kept = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Query)
        {
            var field = bodyHoldsAll ? null : request.FindFieldByName(key) ?? request.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == key);
            if (field is null)
            {
                var takes = bodyHoldsAll ? "this call takes its fields in the JSON body" : "this call takes " + Names(request);
                return Refusal.Invalid(key, UnknownField, $"unknown query parameter '{key}': {takes}");
            }

            if (!field.IsRepeated && values.Count > 1)
            {
                return Refusal.Invalid(field.Name, ErrorCodes.Duplicate, "given more than once");
            }

            var given = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();
            if (given.Length == 0)
            {
                continue;
            }

            var value = field.IsRepeated ? "[" + string.Join(",", given.Select(Quote)) + "]" : Quote(given[0]);
            try
            {
                Strict.Parse("{" + Quote(field.JsonName) + ":" + value + "}", request);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                return Refusal.Invalid(field.Name, field.FieldType == FieldType.Enum ? ErrorCodes.InvalidEnum : ErrorCodes.InvalidFormat, Expected(field));
            }

            kept[key] = values.Count == given.Length ? values : new StringValues(given);
        }

        if (kept.Count != http.Query.Count)
        {
            http.Query = new QueryCollection(kept);
        }

        return null;
    }

    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text) + "\"";

    /// <summary>The body must be JSON, one object, every property a field of the request, every value of its field's type.</summary>
    private static async Task<Refusal?> BodyAsync(HttpContext context, MessageDescriptor request)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return Refusal.Invalid("", ErrorCodes.InvalidFormat, $"the body must be JSON, sent with Content-Type: application/json (not '{context.Request.ContentType}')", body: true);
        }

        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 8259 §8.1: JSON between systems is UTF-8; the strict reading below reads nothing else.
            return Refusal.Invalid("", ErrorCodes.InvalidEncoding, $"the body must be UTF-8 JSON (not charset '{type.Charset}')", body: true);
        }

        // Held in memory, never in a temporary file (it is message content), then handed on to the transcoder.
        var buffer = new MemoryStream();
        context.Response.RegisterForDisposeAsync(buffer);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new Refusal(StatusCode.ResourceExhausted, AgencyReasons.RequestTooLarge, StatusCodes.Status413PayloadTooLarge,
                "the request body is larger than this node accepts (8 MiB)", []);
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        if (buffer.Length == 0)
        {
            return Refusal.Invalid("", ErrorCodes.Required, "the body is empty: send a JSON object ({} when there is nothing to give)", body: true);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            return Refusal.Invalid("", ErrorCodes.InvalidFormat,
                $"the body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})", body: true);
        }

        using (document)
        {
            if (JsonRequestFields.FirstUnknown(document.RootElement, request) is { } unknown)
            {
                return Refusal.Invalid(unknown, UnknownField, $"unknown field '{unknown}': the request has no such field (names as in agency.proto, lowerCamel or as declared)");
            }
        }

        try
        {
            // Read from the buffer itself, not from a copy as one string: the body may be 8 MiB.
            using var text = new StreamReader(new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false), Encoding.UTF8);
            Strict.Parse(text, request);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            // Protobuf's own explanation (which value of which type), never a .NET type name.
            return Refusal.Invalid("", ErrorCodes.InvalidFormat, "the body is not a valid " + request.Name + ": " + e.Message, body: true);
        }
        finally
        {
            buffer.Position = 0;
        }

        return null;
    }

    private static string Names(MessageDescriptor request) =>
        string.Join(", ", request.Fields.InDeclarationOrder().Select(f => f.Name));

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.UInt32 or FieldType.Fixed32 => "a whole number from 0 to 4294967295",
        FieldType.UInt64 or FieldType.Fixed64 => "a whole number from 0 to 18446744073709551615",
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => "a whole number (32-bit)",
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => "a whole number (64-bit)",
        FieldType.Bool => "true or false",
        FieldType.Enum => "one of " + string.Join(", ", field.EnumType.Values.Select(v => v.Name)),
        _ => "not a valid value for this field",
    };

    [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "Agency JSON request to {Method} by {Actor} refused before its call: {Reason} (correlation id {CorrelationId})")]
    private static partial void LogRefused(ILogger logger, string method, string actor, string reason, string correlationId);

    private sealed record Refusal(StatusCode Code, string Reason, int HttpStatus, string Message, IReadOnlyList<FieldError> Fields)
    {
        /// <summary>INVALID_REQUEST, HTTP 400; a problem of the body as a whole names the field "body" (no request field is at fault).</summary>
        public static Refusal Invalid(string field, string code, string message, bool body = false) =>
            new(StatusCode.InvalidArgument, AgencyReasons.InvalidRequest, StatusCodes.Status400BadRequest,
                (body ? "body" : field) + ": " + message, [new FieldError(body ? "body" : field, code, message)]);
    }
}
