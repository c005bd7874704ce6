using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;

namespace HstFederation.TestVectors;

/// <summary>Writes vectors as indented JSON with lower-case hex; the output is deterministic.</summary>
public static class VectorJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Pki(VectorWorld world) => Write(w =>
    {
        w.WriteString("description", "The federation every vector uses. Private keys are published on purpose: these are test keys.");
        w.WriteString("root_certificate_pem", world.Pki.RootCertificatePem);
        w.WriteString("crl_pem", world.Federation.Crl.Pem);
        w.WriteStartObject("parties");
        foreach (var code in VectorWorld.Members.Append(PartyId.HubCode))
        {
            var issued = world.Issued(code);
            var credentials = world.Party(code);
            w.WriteStartObject(credentials.Party.Uri);
            w.WriteString("signing_certificate_der", Hex(issued.Signing.CertificateDer));
            w.WriteString("signing_private_key", Hex(issued.Signing.RawPrivateKey!));
            w.WriteString("signing_public_key", Hex(credentials.Signing.PublicKey.Span));
            w.WriteString("signing_key_id", Hex(credentials.Signing.KeyId.Span));
            w.WriteString("encryption_certificate_der", Hex(issued.Encryption.CertificateDer));
            w.WriteString("encryption_private_key", Hex(issued.Encryption.RawPrivateKey!));
            w.WriteString("encryption_public_key", Hex(credentials.Encryption.PublicKey.Span));
            w.WriteString("encryption_key_id", Hex(credentials.Encryption.KeyId.Span));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    public static string Vector(string name, string description, byte[] envelope, IEnumerable<(string Party, RejectionReason? Reason)> expect, ForgeTrace? trace) => Write(w =>
    {
        w.WriteString("name", name);
        w.WriteString("description", description);
        w.WriteString("verify_at", VectorWorld.VerifyAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteNumber("max_clock_skew_seconds", 300);
        w.WriteString("envelope", Hex(envelope));
        w.WriteStartArray("expect");
        foreach (var (party, reason) in expect)
        {
            w.WriteStartObject();
            w.WriteString("party", Party(party));
            w.WriteString("result", reason is { } r ? ReasonName(r) : "OPENED");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (trace is not null)
        {
            WriteTrace(w, trace, envelope);
        }
    });

    /// <summary>The proto enum value name, e.g. REJECTION_REASON_SIGNATURE_INVALID.</summary>
    public static string ReasonName(RejectionReason reason) =>
        RejectionReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(RejectionReason)).FindValueByNumber((int)reason).Name;

    private static void WriteTrace(Utf8JsonWriter w, ForgeTrace trace, byte[] envelopeBytes)
    {
        var envelope = Envelope.Parser.ParseFrom(envelopeBytes);
        w.WriteStartObject("intermediate");
        w.WriteString("message_id", Hex(trace.MessageId));
        w.WriteString("content_key", Hex(trace.ContentKey));
        w.WriteString("content_nonce", Hex(trace.ContentNonce));
        w.WriteString("content_encryption_key", Hex(trace.EncryptionKey));
        w.WriteString("key_commitment", Hex(trace.KeyCommitment));
        w.WriteString("content_aad", Hex(trace.AssociatedData));
        w.WriteString("plaintext", Hex(trace.Plaintext));
        w.WriteString("ciphertext_sha256", Hex(SHA256.HashData(envelope.Ciphertext.Span)));
        w.WriteString("header", Hex(envelope.Header.Span));
        w.WriteString("header_sha256", Hex(SHA256.HashData(envelope.Header.Span)));
        w.WriteString("signature", Hex(envelope.Signature.Span));
        w.WriteStartArray("wraps");
        foreach (var wrap in trace.Wraps)
        {
            w.WriteStartObject();
            w.WriteString("party", wrap.Party);
            w.WriteString("ephemeral_private_key", Hex(wrap.EphemeralPrivateKey));
            w.WriteString("ephemeral_public_key", Hex(wrap.EphemeralPublicKey));
            w.WriteString("shared_secret", Hex(wrap.SharedSecret));
            w.WriteString("wrap_key", Hex(wrap.WrapKey));
            w.WriteString("wrapped_key", Hex(wrap.WrappedKey));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("message_json", Google.Protobuf.JsonFormatter.Default.Format(HstMessage.Parser.ParseFrom(trace.Plaintext)));
        w.WriteEndObject();
    }

    private static string Party(string code) => code == PartyId.HubCode ? PartyId.Hub.Uri : PartyId.Member(code).Uri;

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
