using Google.Protobuf;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 9 (a forward's consent grant time in its own column): a version-8 file's forwards get the grant time read
/// from their stored envelopes (the last forward record's), and the ledger reads it from the column; a forward whose
/// envelope was already purged, or whose record cannot be read, gets none.
/// </summary>
public sealed class Migration0009Tests
{
    [Fact]
    public async Task Open_Version8DatabaseWithForwards_BackfillsEachConsentGrantTimeFromItsEnvelope_AndTheLedgerReadsIt()
    {
        // DE's envelope was forwarded twice (an earlier record, then the hub's for DE): the last record's consent counts.
        var toDe = Forwarded(1_700_000_000_000, 1_700_000_123_000);
        using var file = OldSchemaFile.Create(8, $"""
            INSERT INTO members (party, status, signing_certificate, encryption_certificate, updated_at_ms) VALUES
                ('urn:hst:member:DE', 1, X'', X'', 0), ('urn:hst:member:IT', 1, X'', X'', 0), ('urn:hst:member:ES', 1, X'', X'', 0);
            INSERT INTO messages (hub_sequence, sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt) VALUES
                (1, 'urn:hst:member:FR', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 0, X'0B'),
                (2, 'urn:hst:member:DE', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 0, X'0B');
            INSERT INTO hits (hit_id, new_message, held_message, basis, kind, score, explanation, detected_at_ms) VALUES (zeroblob(16), 2, 1, 1, 1, 1.0, '', 0);
            INSERT INTO forwards (forward_id, hub_sequence, recipient, envelope, hit_id, released_by, forwarded_at_ms) VALUES
                (1, 1, 'urn:hst:member:DE', X'{Convert.ToHexString(toDe)}', zeroblob(16), 'urn:hst:member:FR', 5),
                (2, 1, 'urn:hst:member:IT', X'', zeroblob(16), 'urn:hst:member:FR', 6),
                (3, 1, 'urn:hst:member:ES', X'FF', zeroblob(16), 'urn:hst:member:FR', 7);
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence, forward_id) VALUES
                (1, 'urn:hst:member:DE', 1, 1, 1), (2, 'urn:hst:member:IT', 1, 1, 2), (3, 'urn:hst:member:ES', 1, 1, 3);
            """);

        await using var store = HubStore.Open(file.Path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));

        using var connection = store.Database.OpenReadConnection();
        Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
        Assert.Equal(
            "1:1700000123000 2:- 3:-",
            connection.Query(
                "SELECT forward_id, consent_granted_at_ms FROM forwards ORDER BY forward_id;",
                reader =>
                {
                    var rows = new List<string>();
                    while (reader.Read())
                    {
                        rows.Add($"{reader.GetInt64(0)}:{(reader.IsDBNull(1) ? "-" : reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
                    }

                    return string.Join(' ', rows);
                }));
        var ledger = LedgerReader.Read(connection, PartyId.Member("FR"), new byte[16]);
        Assert.Equal(
            [("DE", (long?)1_700_000_123_000), ("IT", null), ("ES", null)],
            ledger.Copies.Select(copy => (copy.Holder.Code, copy.Forward!.ConsentGrantedAtMs)));
    }

    /// <summary>An envelope whose forward records carry consents granted at <paramref name="grantedAtMs"/>, in order (nothing else is read).</summary>
    private static byte[] Forwarded(params long[] grantedAtMs)
    {
        var envelope = new Envelope { Version = 1, Header = ByteString.CopyFromUtf8("header") };
        foreach (var at in grantedAtMs)
        {
            var consent = new SignedConsent { Consent = new ForwardConsent { Version = 1, GrantedAtMs = at }.ToByteString() };
            envelope.Forwards.Add(new SignedForward { Record = new ForwardRecord { Version = 1, Consent = consent }.ToByteString() });
        }

        return envelope.ToByteArray();
    }
}
