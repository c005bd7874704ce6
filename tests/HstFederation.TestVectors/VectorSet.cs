using Google.Protobuf;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Samples;

namespace HstFederation.TestVectors;

/// <summary>Every vector file, by relative path. See docs/test-vectors/README.md for the format.</summary>
public static class VectorSet
{
    public static IReadOnlyList<(string Name, string Content)> Generate()
    {
        var world = new VectorWorld();
        var files = new List<(string, string)> { ("pki.json", VectorJson.Pki(world)) };

        var valid = Forge(world, "valid-3-recipients", ["DE", "IT", PartyId.HubCode], HandlingCode.H0);
        var validBytes = valid.Build();
        files.Add(("valid-3-recipients.json", VectorJson.Vector(
            "valid-3-recipients",
            "FR seals an H0 message to DE, IT and the hub. Every recipient opens it; ES is not a recipient.",
            validBytes,
            [("DE", null), ("IT", null), (PartyId.HubCode, null), ("ES", RejectionReason.NotARecipient)],
            valid.Trace)));

        files.Add(Forwarded(world, validBytes));
        files.AddRange(Invalid(world, validBytes));
        return files;
    }

    internal static EnvelopeForge Forge(
        VectorWorld world, string name, string[] to, HandlingCode code, string[]? wrapFor = null,
        Func<Protocol.Pki.CertifiedKey, byte[], byte[]>? keyFor = null) =>
        new(VectorWorld.Random(name))
        {
            Message = Message(to, code),
            Signer = world.Party("FR"),
            Recipients = world.Keys(wrapFor ?? to),
            CreatedAt = VectorWorld.CreatedAt,
            KeyForRecipient = keyFor,
        };

    internal static HstMessage Message(string[] to, HandlingCode code)
    {
        var message = SampleMessages.Realistic(VectorWorld.CreatedAt);
        message.Handling.Code = code;
        message.Handling.Addressees = new Addressees();
        message.Handling.Addressees.Members.AddRange(to.Where(c => c != PartyId.HubCode));
        message.Handling.HubMayRead = to.Contains(PartyId.HubCode);
        return message;
    }

    private static (string, string) Forwarded(VectorWorld world, byte[] validBytes)
    {
        var atHub = world.Opener().Open(validBytes, world.Party(PartyId.HubCode)).GetValueOrThrow();
        var bytes = ForwardForge.Append(atHub, world.Party(PartyId.HubCode), world.Keys("ES"), VectorWorld.CreatedAt.AddMinutes(5), VectorWorld.Random("forwarded"));
        return ("forwarded.json", VectorJson.Vector(
            "forwarded",
            "The hub forwards valid-3-recipients (H0) to ES with one forward record. ES and DE open it; the source signature is unchanged.",
            bytes,
            [("ES", null), ("DE", null)],
            trace: null));
    }

    private static IEnumerable<(string, string)> Invalid(VectorWorld world, byte[] validBytes)
    {
        var valid = Envelope.Parser.ParseFrom(validBytes);
        (string Name, string Description, byte[] Bytes, string Party, RejectionReason Reason)[] cases =
        [
            ("signature-bit-flipped", "The last byte of the header signature has its lowest bit flipped.",
                Mutate(valid, e => e.Signature = Flip(e.Signature, e.Signature.Length - 1)), "DE", RejectionReason.SignatureInvalid),
            ("ciphertext-modified", "One ciphertext byte changed; the signed ciphertext_sha256 no longer matches.",
                Mutate(valid, e => e.Ciphertext = Flip(e.Ciphertext, 100)), "DE", RejectionReason.ContentHashMismatch),
            ("version-2", "Envelope.version is 2.",
                Mutate(valid, e => e.Version = 2), "DE", RejectionReason.UnsupportedVersion),
            ("suite-unknown", "The signed header names cipher suite 2, which version 1 does not allow.",
                ForgeWith(world, "suite-unknown", h => h.Suite = (CipherSuite)2), "DE", RejectionReason.UnsupportedSuite),
            ("sender-mismatch", "The header says urn:hst:member:FR but IT's key signed it (IT's certificate attached).",
                ForgeWith(world, "sender-mismatch", h => h.Sender = "urn:hst:member:FR", signer: "IT"), "DE", RejectionReason.SenderMismatch),
            ("key-commitment", "DE's wrap holds a different content key than the one the header commits to.",
                Forge(world, "key-commitment", ["DE", "IT"], HandlingCode.H0, keyFor: (r, k) => r.Party.Code == "DE" ? [.. k.Select(b => (byte)~b)] : k).Build(),
                "DE", RejectionReason.KeyCommitmentMismatch),
            ("expired", "expires_at_ms is one minute after created_at_ms; the verifier's clock (verify_at) is later.",
                ForgeWith(world, "expired", h => h.ExpiresAtMs = h.CreatedAtMs + 60_000), "DE", RejectionReason.Expired),
            ("handling-violation", "IT is wrapped for and signed as a recipient, but the handling addresses only DE.",
                Forge(world, "handling-violation", ["DE"], HandlingCode.H0, wrapFor: ["DE", "IT"]).Build(), "DE", RejectionReason.HandlingViolation),
            ("forward-by-member", "DE (a holder, not the hub) appends a signed forward record adding ES.",
                ForwardBy(world, validBytes, "DE"), "ES", RejectionReason.ForwardNotPermitted),
            ("forward-h3", "The hub forwards an H3 message, which allows no onward dissemination.",
                ForwardBy(world, Forge(world, "forward-h3", ["DE", PartyId.HubCode], HandlingCode.H3).Build(), PartyId.HubCode), "ES", RejectionReason.ForwardNotPermitted),
            ("unknown-header-field", "The signed header carries field 99, unknown to version 1.",
                ForgeWith(world, "unknown-header-field", h => h.MergeFrom(new byte[] { 0x98, 0x06, 0x01 })), "DE", RejectionReason.MalformedHeader),
            ("retain-until-out-of-range", "The signed header's handling.retain_until has seconds 253402300800 (10000-01-01T00:00:00Z), past google.protobuf.Timestamp's range; refused at the header's shape, before the content's handling is compared.",
                ForgeWith(world, "retain-until-out-of-range", h => h.Handling.RetainUntil = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 253_402_300_800 }), "DE", RejectionReason.MalformedHeader),
            ("retain-until-zero-ms", "The signed header's handling.retain_until is 1970-01-01T00:00:00.000999999Z (seconds 0, nanos 999999): in google.protobuf.Timestamp's range, but its whole Unix milliseconds (nanos truncated, not rounded) are 0, not a signed time; refused at the header's shape, before the content's handling is compared.",
                ForgeWith(world, "retain-until-zero-ms", h => h.Handling.RetainUntil = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 0, Nanos = 999_999 }), "DE", RejectionReason.MalformedHeader),
            ("truncated", "The valid envelope without its last byte.",
                validBytes[..^1], "DE", RejectionReason.MalformedEnvelope),
        ];

        return cases.Select(c => ($"invalid/{c.Name}.json", VectorJson.Vector(c.Name, c.Description, c.Bytes, [(c.Party, c.Reason)], trace: null)));
    }

    private static byte[] ForgeWith(VectorWorld world, string name, Action<EnvelopeHeader> mutate, string signer = "FR") =>
        new EnvelopeForge(VectorWorld.Random(name))
        {
            Message = Message(["DE", "IT", PartyId.HubCode], HandlingCode.H0),
            Signer = world.Party(signer),
            Recipients = world.Keys("DE", "IT", PartyId.HubCode),
            CreatedAt = VectorWorld.CreatedAt,
            MutateHeader = mutate,
        }.Build();

    private static byte[] ForwardBy(VectorWorld world, byte[] bytes, string forwarder)
    {
        var opened = world.Opener().Open(bytes, world.Party(forwarder)).GetValueOrThrow();
        return ForwardForge.Append(opened, world.Party(forwarder), world.Keys("ES"), VectorWorld.CreatedAt.AddMinutes(5), VectorWorld.Random("forward/" + forwarder));
    }

    private static byte[] Mutate(Envelope valid, Action<Envelope> mutate)
    {
        var copy = valid.Clone();
        mutate(copy);
        return copy.ToByteArray();
    }

    private static ByteString Flip(ByteString bytes, int index)
    {
        var copy = bytes.ToByteArray();
        copy[index] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }
}
