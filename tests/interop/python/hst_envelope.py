"""HST envelope protocol v1, written from docs/protocol.md and docs/test-vectors/ alone.

An independent check of the spec: nothing here was taken from the C# reference implementation.
Where the text left a choice open, the choice made is marked `SPEC-GAP n` and listed in README.md.
"""

import hashlib
import hmac
import os
import re
from datetime import datetime, timezone

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import ed25519_strict
import protobuf_lite as pb

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "..", "proto", "hst", "v1"))
SCHEMA = pb.Schema.load(PROTO_DIR)

HUB = "urn:hst:hub:IPSG"
MEMBER_PREFIX = "urn:hst:member:"
KIB, MIB = 1024, 1024 * 1024
DAY_MS = 86_400_000
MAX_TIME_MS = 253402300799999
CRL_GRACE_MS = 24 * 3600 * 1000

# ISO 3166-1 alpha-2, officially assigned codes (249). SPEC-GAP 3: the spec names the standard, not the list.
ISO_3166 = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())

HUB_CONTENT_TYPES = {
    "hst.v1.HitNotification", "hst.v1.AnalyticalProduct", "hst.v1.HubWithdrawal",
    "hst.v1.RetentionReview", "hst.v1.ExpiryReport",
}
REGION_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
H0, H1, H2, H3 = 1, 2, 3, 4


class Rejected(Exception):
    def __init__(self, reason, detail):
        super().__init__("REJECTION_REASON_%s: %s" % (reason, detail))
        self.reason = "REJECTION_REASON_" + reason
        self.detail = detail


def _reject(reason, detail):
    raise Rejected(reason, detail)


# ------------------------------------------------------------------ primitives (§1, §3, §5, §6)

def sha256(b):
    return hashlib.sha256(b).digest()


def key_id(raw_public_key):
    return sha256(raw_public_key)[:16]


def hkdf_extract(salt, ikm):
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def hkdf_expand(prk, info, length):
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def content_keys(k, message_id):
    prk = hkdf_extract(message_id, k)
    return (hkdf_expand(prk, b"HST/v1/content-encryption", 32),
            hkdf_expand(prk, b"HST/v1/key-commitment", 32))


def content_aad(message_id):
    return b"HST/v1/content\x00" + message_id


def wrap_info(message_id, eph_pub, recipient_pub, kid, party):
    return b"HST/v1/key-wrap\x00" + message_id + eph_pub + recipient_pub + kid + party.encode("utf-8")


def x25519(private_raw, public_raw):
    try:
        shared = X25519PrivateKey.from_private_bytes(private_raw).exchange(
            X25519PublicKey.from_public_bytes(public_raw))
    except ValueError:                 # OpenSSL refuses an all-zero result itself
        return None
    return None if shared == bytes(32) else shared


def wrap_key(k, message_id, eph_priv, recipient_pub, kid, party):
    eph_pub = X25519PrivateKey.from_private_bytes(eph_priv).public_key().public_bytes_raw()
    shared = x25519(eph_priv, recipient_pub)
    if shared is None:
        raise ValueError("X25519 shared secret is all zero")
    kek = hkdf_expand(hkdf_extract(message_id, shared), wrap_info(message_id, eph_pub, recipient_pub, kid, party), 32)
    return eph_pub, AESGCM(kek).encrypt(bytes(12), k, b""), shared, kek


def signed_bytes(label, payload):
    return label.encode("ascii") + b"\x00" + payload


# ------------------------------------------------------------------ trust: root, CRL, certificates (§3)

def is_party_uri(uri):
    if uri == HUB:
        return True
    return uri.startswith(MEMBER_PREFIX) and uri[len(MEMBER_PREFIX):] in ISO_3166


def ms(dt):
    return int(dt.timestamp() * 1000)


class Trust:
    """The federation root and its CRL, as a verifier holds them."""

    def __init__(self, root_pem, crl_pem, crl_grace_ms=CRL_GRACE_MS):
        self.root = x509.load_pem_x509_certificate(root_pem.encode())
        self.crl = x509.load_pem_x509_crl(crl_pem.encode())
        self.crl_grace_ms = crl_grace_ms
        # SPEC-GAP 5: the CRL must be the root's; a CRL the root did not sign is no revocation data.
        self.crl_signed = self.crl.issuer == self.root.subject and self.crl.is_signature_valid(self.root.public_key())

    def crl_fresh(self, now_ms):
        if not self.crl_signed or self.crl.next_update_utc is None:
            return False
        return now_ms <= ms(self.crl.next_update_utc) + self.crl_grace_ms


class CertError(Exception):
    def __init__(self, kind, detail):
        super().__init__(detail)
        self.kind = kind               # "invalid", "stale", "expired", "revoked"


def parse_certificate(der, purpose, trust, now_ms):
    """'Accepted for <purpose>': the time-independent checks plus fresh revocation data (§8).

    Returns (certificate, party URI, raw 32-byte public key). purpose: "signing" or "encryption".
    """
    if len(der) > 4096:
        raise CertError("invalid", "certificate larger than 4096 bytes")
    # §3 checks 1-7, in order (settled against the reference after SPEC-GAPs 4 and 6).
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        raise CertError("invalid", "certificate is not DER")
    if cert.public_bytes(serialization.Encoding.DER) != der:
        raise CertError("invalid", "not exactly one DER certificate")
    if cert.issuer != trust.root.subject:
        raise CertError("invalid", "certificate not issued by the federation root")
    if cert.signature_algorithm_oid != x509.oid.SignatureAlgorithmOID.ECDSA_WITH_SHA256:
        raise CertError("invalid", "certificate not signed with ecdsa-with-SHA256")
    try:
        trust.root.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                       ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise CertError("invalid", "certificate signature does not verify with the federation root")
    akid = _extension(cert, x509.AuthorityKeyIdentifier)
    root_skid = _extension(trust.root, x509.SubjectKeyIdentifier)
    if akid is not None and akid.key_identifier is not None and root_skid is not None \
            and akid.key_identifier != root_skid.digest:
        raise CertError("invalid", "authority key identifier is not the root's")
    bc = _extension(cert, x509.BasicConstraints)
    if bc is not None and bc.ca:
        raise CertError("invalid", "certificate is a CA")
    understood = {"2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.37"}
    if any(e.critical and e.oid.dotted_string not in understood for e in cert.extensions):
        raise CertError("invalid", "unsupported critical extension")
    san = _extension(cert, x509.SubjectAlternativeName)
    uris = san.get_values_for_type(x509.UniformResourceIdentifier) if san is not None else []
    if len(uris) != 1:
        raise CertError("invalid", "certificate must have exactly one URI SAN")
    if not is_party_uri(uris[0]):
        raise CertError("invalid", "certificate SAN is not a party URI")
    cns = cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    if len(cns) != 1 or cns[0].value != uris[0]:
        raise CertError("invalid", "subject common name is not the one URI SAN")
    pub = cert.public_key()
    wanted = Ed25519PublicKey if purpose == "signing" else X25519PublicKey
    if not isinstance(pub, wanted):
        raise CertError("invalid", "certificate does not hold the purpose's key type")
    ku_ext = next((e for e in cert.extensions if e.oid.dotted_string == "2.5.29.15"), None)
    if ku_ext is None or not ku_ext.critical:
        raise CertError("invalid", "key usage missing or not critical")
    ku = ku_ext.value
    bits = [ku.digital_signature, ku.content_commitment, ku.key_encipherment, ku.data_encipherment,
            ku.key_agreement, ku.key_cert_sign, ku.crl_sign,
            ku.key_agreement and ku.encipher_only, ku.key_agreement and ku.decipher_only]
    required = 0 if purpose == "signing" else 4
    if [i for i, b in enumerate(bits) if b] != [required]:
        raise CertError("invalid", "key usage is not exactly the purpose's bit")
    # EKU is not checked for message keys (§3 table).
    return cert, uris[0], pub.public_bytes_raw()


def _extension(cert, cls):
    try:
        return cert.extensions.get_extension_for_class(cls).value
    except x509.ExtensionNotFound:
        return None


def present_for_signing(der, trust, now_ms):
    """§8 'presented for signing': the static checks, then a fresh CRL, but only when the certificate
    is inside its validity window now (window and revocation are judged at the signing time later)."""
    if len(der) > 4096:
        raise CertError("invalid", "certificate larger than 4096 bytes")
    cert, uri, raw = parse_certificate(der, "signing", trust, now_ms)
    inside_now = ms(cert.not_valid_before_utc) <= now_ms <= ms(cert.not_valid_after_utc)
    if inside_now and not trust.crl_fresh(now_ms):
        raise CertError("stale", "the root's CRL is past nextUpdate plus grace")
    return cert, uri, raw


def check_at(cert, trust, t_ms, now_ms):
    """'Accepted at t' beyond the time-independent checks: validity window, CRL freshness (at now),
    then revocation at t. SPEC-GAP 7: both notBefore and notAfter are inclusive, compared in milliseconds."""
    if not ms(cert.not_valid_before_utc) <= t_ms <= ms(cert.not_valid_after_utc):
        raise CertError("expired", "certificate not valid at %d" % t_ms)
    if not trust.crl_fresh(now_ms):
        raise CertError("stale", "the root's CRL is past nextUpdate plus grace")
    revoked = trust.crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if revoked is not None and ms(revoked.revocation_date_utc) <= t_ms:
        raise CertError("revoked", "certificate revoked at or before %d" % t_ms)


# ------------------------------------------------------------------ verification (§8 steps 1-16)

class Verified:
    def __init__(self, envelope, header, audience, header_raw):
        self.envelope = envelope
        self.header = header
        self.audience = audience       # [(party, Recipient dict)] header recipients, then added ones
        self.header_raw = header_raw


def _addressed(party, handling, regions):
    if not party.startswith(MEMBER_PREFIX):
        return False
    code = party[len(MEMBER_PREFIX):]
    a = handling.get("addressees", {})
    if code in a.get("excluded_members", []):
        return False
    if a.get("all_members") or code in a.get("members", []):
        return True
    return any(code in regions.get(r, ()) for r in a.get("regions", []))


def _check_recipient_shape(r, forward):
    if not is_party_uri(r.get("party", "")):
        return "recipient party is not a party URI"
    if len(r.get("key_id", b"")) != 16:
        return "recipient key_id is not 16 bytes"
    if len(r.get("ephemeral_public_key", b"")) != 32:
        return "recipient ephemeral_public_key is not 32 bytes"
    if len(r.get("wrapped_key", b"")) != 48:
        return "recipient wrapped_key is not 48 bytes"
    seq = r.get("sequence", 0)
    if forward and seq != 0:
        return "added recipient sequence is not 0"
    if not forward and seq < 1:
        return "recipient sequence is 0"
    return None


def _check_handling_shape(h):
    if h is None:
        return "handling missing"
    if h.get("code", 0) not in (H0, H1, H2, H3):
        return "handling code not H0-H3"
    # SPEC-GAP 8, settled: any value the enum defines, UNSPECIFIED (0) included; step 23 requires them set.
    if h.get("source_reliability", 0) not in SCHEMA.enums["hst.v1.SourceReliability"]:
        return "source_reliability not a defined value"
    if h.get("information_accuracy", 0) not in SCHEMA.enums["hst.v1.InformationAccuracy"]:
        return "information_accuracy not a defined value"
    ru = h.get("retain_until")
    if ru is not None:
        # A signed time like created_at_ms: its whole Unix milliseconds (nanos truncated) in 1 .. MAX_TIME_MS.
        seconds, nanos = ru.get("seconds", 0), ru.get("nanos", 0)
        if not (0 <= nanos <= 999999999 and 1 <= seconds * 1000 + nanos // 1_000_000 <= MAX_TIME_MS):
            return "retain_until is not a Unix millisecond time in 1970-01-01T00:00:00.001Z..9999-12-31T23:59:59.999Z"
    a = h.get("addressees")
    if a is None:
        return "addressees missing"
    for name in ("members", "regions", "excluded_members"):
        if len(a.get(name, [])) > 300:
            return "addressees.%s has more than 300 entries" % name
    for name in ("members", "excluded_members"):
        if any(c not in ISO_3166 for c in a.get(name, [])):
            return "addressees.%s holds a code that is not an assigned ISO 3166-1 alpha-2 code" % name
    if any(not REGION_RE.match(r) for r in a.get("regions", [])):
        return "addressees.regions holds an invalid region name"
    return None


def _field_rules(h, cert_uri):
    mid = h.get("message_id", b"")
    if len(mid) != 16 or mid[6] >> 4 != 7 or mid[8] >> 6 != 0b10:
        _reject("MALFORMED_HEADER", "message_id is not a 16-byte UUIDv7")
    if not is_party_uri(h.get("sender", "")):
        _reject("MALFORMED_HEADER", "sender is not a party URI")
    if len(h.get("sender_key_id", b"")) != 16:
        _reject("MALFORMED_HEADER", "sender_key_id is not 16 bytes")
    created, expires = h.get("created_at_ms", 0), h.get("expires_at_ms", 0)
    if not (1 <= created <= MAX_TIME_MS and 1 <= expires <= MAX_TIME_MS):
        _reject("MALFORMED_HEADER", "created_at_ms/expires_at_ms out of range")
    if not created < expires <= created + 90 * DAY_MS:
        _reject("MALFORMED_HEADER", "lifetime not in (0, 90 days]")
    if h.get("sequence", 0) < 1:
        _reject("MALFORMED_HEADER", "sequence is 0")
    recipients = h.get("recipients", [])
    if not 1 <= len(recipients) <= 256:
        _reject("MALFORMED_HEADER", "recipients count not in 1-256")
    parties = [r.get("party", "") for r in recipients]
    if len(set(parties)) != len(parties):
        _reject("MALFORMED_HEADER", "recipient parties not distinct")
    for r in recipients:
        problem = _check_recipient_shape(r, forward=False)
        if problem:
            _reject("MALFORMED_HEADER", problem)
    problem = _check_handling_shape(h.get("handling"))
    if problem:
        _reject("MALFORMED_HEADER", problem)
    ct, sender = h.get("content_type", ""), h.get("sender", "")
    if not (ct == "hst.v1.HstMessage" or (ct in HUB_CONTENT_TYPES and sender == HUB)):
        _reject("MALFORMED_HEADER", "content_type not allowed for this sender")
    if len(h.get("content_nonce", b"")) != 12:
        _reject("MALFORMED_HEADER", "content_nonce is not 12 bytes")
    if len(h.get("ciphertext_sha256", b"")) != 32:
        _reject("MALFORMED_HEADER", "ciphertext_sha256 is not 32 bytes")
    if len(h.get("key_commitment", b"")) != 32:
        _reject("MALFORMED_HEADER", "key_commitment is not 32 bytes")
    # SPEC-GAP 1, settled: the shape of `lineage` (§4), when present.
    lineage = h.get("lineage")
    if lineage is not None:
        sup = lineage.get("supersedes_message_id", b"")
        if len(sup) != 16 or sup[6] >> 4 != 7 or sup[8] >> 6 != 0b10 or sup == mid:
            _reject("MALFORMED_HEADER", "lineage.supersedes_message_id is not another message's UUIDv7")
        if len(lineage.get("supersedes_header_sha256", b"")) != 32:
            _reject("MALFORMED_HEADER", "lineage.supersedes_header_sha256 is not 32 bytes")
        if lineage.get("version", 0) < 2:
            _reject("MALFORMED_HEADER", "lineage.version is below 2")
        if not 1 <= len(lineage.get("reason", "").encode("utf-16-le")) // 2 <= 500:
            _reject("MALFORMED_HEADER", "lineage.reason is not 1-500 characters")


def verify(envelope_bytes, trust, now_ms, skew_ms=300_000, regions=None, stored=False):
    """Steps 1-16 of §8. Returns Verified or raises Rejected."""
    regions = regions or {}
    if len(envelope_bytes) > 4 * MIB:                                                      # 1
        _reject("SIZE_LIMIT_EXCEEDED", "envelope larger than 4 MiB")
    try:                                                                                     # 2
        if pb.count_field(envelope_bytes, 6) > 16:
            _reject("MALFORMED_ENVELOPE", "more than 16 forwards")
        env = pb.decode(SCHEMA, "hst.v1.Envelope", envelope_bytes)
    except pb.DecodeError as e:
        _reject("MALFORMED_ENVELOPE", str(e))
    if env.get("version", 0) != 1:                                                          # 3
        _reject("UNSUPPORTED_VERSION", "envelope version %d" % env.get("version", 0))
    header_raw, ciphertext = env.get("header", b""), env.get("ciphertext", b"")
    if len(header_raw) > 64 * KIB or len(ciphertext) > 3 * MIB + 16:                       # 4
        _reject("SIZE_LIMIT_EXCEEDED", "header or ciphertext too large")
    try:                                                                                     # 5
        cert, cert_uri, sender_pub = present_for_signing(env.get("sender_certificate", b""), trust, now_ms)
    except CertError as e:
        _reject("TRUST_DATA_STALE" if e.kind == "stale" else "SENDER_CERTIFICATE_INVALID", str(e))
    if not ed25519_strict.verify(sender_pub, env.get("signature", b""),                     # 6
                                 signed_bytes("HST/v1/envelope-header", header_raw)):
        _reject("SIGNATURE_INVALID", "header signature does not verify")
    try:                                                                                     # 7
        h = pb.decode(SCHEMA, "hst.v1.EnvelopeHeader", header_raw)
    except pb.DecodeError as e:
        _reject("MALFORMED_HEADER", str(e))
    if h.get("version", 0) != env["version"]:                                               # 8
        _reject("UNSUPPORTED_VERSION", "header version differs from envelope version")
    if h.get("suite", 0) != 1:
        _reject("UNSUPPORTED_SUITE", "suite %d not allowed in version 1" % h.get("suite", 0))
    _field_rules(h, cert_uri)                                                                # 9
    created, expires = h["created_at_ms"], h["expires_at_ms"]
    try:                                                                                     # 10
        check_at(cert, trust, created, now_ms)
    except CertError as e:
        _reject({"expired": "SENDER_CERTIFICATE_EXPIRED", "stale": "TRUST_DATA_STALE"}.get(e.kind, "SENDER_CERTIFICATE_REVOKED"), str(e))
    if cert_uri != h["sender"] or key_id(sender_pub) != h["sender_key_id"]:                 # 11
        _reject("SENDER_MISMATCH", "sender or sender_key_id is not the certificate's")
    if created > now_ms + skew_ms:                                                           # 12
        _reject("CREATED_IN_FUTURE", "created_at_ms beyond now plus skew")
    if not stored and not now_ms < expires:
        _reject("EXPIRED", "expires_at_ms has passed")
    handling = h["handling"]
    header_parties = [r["party"] for r in h["recipients"]]
    if (HUB in header_parties) != bool(handling.get("hub_may_read")):                      # 13
        _reject("HANDLING_VIOLATION", "hub recipient does not match hub_may_read")
    if not stored:
        for p in header_parties:
            if p != HUB and not _addressed(p, handling, regions):
                _reject("HANDLING_VIOLATION", "a member recipient is not addressed")
    if len(ciphertext) < 16 or sha256(ciphertext) != h["ciphertext_sha256"]:               # 14
        _reject("CONTENT_HASH_MISMATCH", "ciphertext does not match ciphertext_sha256")
    audience = [(r["party"], r) for r in h["recipients"]]
    previous = None
    for i, fwd in enumerate(env.get("forwards", [])):                                       # 15
        _verify_forward(i, fwd, previous, h, header_raw, audience, trust, now_ms, skew_ms, regions, stored)
        previous = fwd.get("record", b"")
    return Verified(env, h, audience, header_raw)                                           # 16


def _verify_forward(i, fwd, previous, h, header_raw, audience, trust, now_ms, skew_ms, regions, stored):
    def invalid(why):
        _reject("FORWARD_INVALID", "forward %d: %s" % (i, why))

    def not_permitted(why):
        _reject("FORWARD_NOT_PERMITTED", "forward %d: %s" % (i, why))

    record = fwd.get("record", b"")
    if len(record) > 64 * KIB:                                                               # a
        invalid("record larger than 64 KiB")
    try:                                                                                     # b
        cert, uri, pub = present_for_signing(fwd.get("forwarder_certificate", b""), trust, now_ms)
    except CertError as e:
        invalid(str(e))
    if not ed25519_strict.verify(pub, fwd.get("signature", b""), signed_bytes("HST/v1/forward-record", record)):
        invalid("signature does not verify")                                                 # c
    try:                                                                                     # d
        rec = pb.decode(SCHEMA, "hst.v1.ForwardRecord", record)
    except pb.DecodeError as e:
        invalid(str(e))
    expected_prev = b"" if previous is None else sha256(previous)                           # e
    if (rec.get("version", 0) != h["version"] or rec.get("message_id", b"") != h["message_id"]
            or rec.get("header_sha256", b"") != sha256(header_raw)
            or rec.get("previous_record_sha256", b"") != expected_prev):
        invalid("not bound to this envelope and chain")
    fat = rec.get("forwarded_at_ms", 0)                                                      # f
    if not h["created_at_ms"] <= fat < h["expires_at_ms"] or fat > now_ms + skew_ms:
        invalid("forwarded_at_ms out of range")
    try:                                                                                     # g
        check_at(cert, trust, fat, now_ms)
    except CertError as e:
        invalid(str(e))
    if rec.get("forwarder", "") != uri or rec.get("forwarder_key_id", b"") != key_id(pub):  # h
        invalid("forwarder or forwarder_key_id is not the certificate's")
    header_parties = [r["party"] for r in h["recipients"]]
    if uri != HUB or HUB not in header_parties:                                             # i
        not_permitted("forwarder is not the hub holding the content key")
    added = rec.get("added_recipients", [])
    if not added:                                                                            # j
        invalid("a forward adds no recipient")
    if len({r.get("party", "") for r in added}) != len(added):
        invalid("an added recipient is named twice")
    for r in added:
        problem = _check_recipient_shape(r, forward=True)
        if problem:
            invalid(problem)
    if len(audience) + len(added) > 256:
        invalid("audience would exceed 256 parties")
    consent = rec.get("consent")
    granted = None
    if consent is not None:                                                                  # k
        granted = _verify_consent(consent, h, header_raw, fat, trust, now_ms)
        if granted is None:
            not_permitted("consent invalid")
    handling = h["handling"]
    code = handling["code"]
    for r in added:                                                                          # l
        p = r["party"]
        if any(p == q for q, _ in audience):
            invalid("added recipient already in the audience")
        if not stored:
            excluded = p.startswith(MEMBER_PREFIX) and \
                p[len(MEMBER_PREFIX):] in handling.get("addressees", {}).get("excluded_members", [])
            ok = p.startswith(MEMBER_PREFIX) and not excluded and (
                code == H0 or (code == H1 and _addressed(p, handling, regions))
                or (code == H2 and granted is not None and p in granted))
            if not ok:
                not_permitted("added recipient not permitted by handling")
        audience.append((p, r))


def _verify_consent(signed, h, header_raw, forwarded_at, trust, now_ms):
    """Returns the granted parties, or None when the consent counts for nothing (§7.3)."""
    try:
        cert, uri, pub = present_for_signing(signed.get("signer_certificate", b""), trust, now_ms)
    except CertError:
        return None
    payload = signed.get("consent", b"")
    if not ed25519_strict.verify(pub, signed.get("signature", b""), signed_bytes("HST/v1/forward-consent", payload)):
        return None
    try:
        c = pb.decode(SCHEMA, "hst.v1.ForwardConsent", payload)
    except pb.DecodeError:
        return None
    granted_at = c.get("granted_at_ms", 0)
    try:
        check_at(cert, trust, granted_at, now_ms)
    except CertError:
        return None
    if (c.get("version", 0) != h["version"] or c.get("message_id", b"") != h["message_id"]
            or c.get("header_sha256", b"") != sha256(header_raw)
            or not h["created_at_ms"] <= granted_at <= forwarded_at or uri != h["sender"]):
        return None
    return set(c.get("granted_to", []))


# ------------------------------------------------------------------ opening (§8 steps 17-23)

def open_envelope(envelope_bytes, trust, now_ms, party, enc_private_keys, skew_ms=300_000,
                  validate_content=None, regions=None):
    """Verifies, then opens as `party` holding the X25519 private keys `enc_private_keys`.

    Returns (plaintext bytes, decoded HstMessage). `validate_content(msg, created_at_ms)` returns a
    list of errors (step 23); None skips step 23.
    """
    v = verify(envelope_bytes, trust, now_ms, skew_ms, regions)
    h = v.header
    entry = next((r for p, r in v.audience if p == party), None)                            # 17
    if entry is None:
        _reject("NOT_A_RECIPIENT", "party not in the audience")
    held = {}
    for priv in enc_private_keys:
        pub = X25519PrivateKey.from_private_bytes(priv).public_key().public_bytes_raw()
        held[key_id(pub)] = (priv, pub)
    if entry["key_id"] not in held:                                                          # 18
        _reject("KEY_WRAP_MISSING", "no held key has the wrap's key_id")
    priv, pub = held[entry["key_id"]]
    mid = h["message_id"]
    shared = x25519(priv, entry["ephemeral_public_key"])                                    # 19
    if shared is None:
        _reject("KEY_WRAP_INVALID", "X25519 shared secret is all zero")
    kek = hkdf_expand(hkdf_extract(mid, shared),
                      wrap_info(mid, entry["ephemeral_public_key"], pub, entry["key_id"], party), 32)
    try:
        k = AESGCM(kek).decrypt(bytes(12), entry["wrapped_key"], b"")
    except InvalidTag:
        _reject("KEY_WRAP_INVALID", "wrap does not decrypt")
    enc_key, commitment = content_keys(k, mid)
    if not hmac.compare_digest(commitment, h["key_commitment"]):                             # 20
        _reject("KEY_COMMITMENT_MISMATCH", "content key does not match key_commitment")
    try:                                                                                     # 21
        plaintext = AESGCM(enc_key).decrypt(h["content_nonce"], v.envelope["ciphertext"], content_aad(mid))
    except InvalidTag:
        _reject("DECRYPTION_FAILED", "content does not decrypt")
    if h["content_type"] != "hst.v1.HstMessage":
        try:
            return plaintext, pb.decode(SCHEMA, h["content_type"], plaintext)
        except pb.DecodeError as e:
            _reject("MALFORMED_CONTENT", str(e))
    try:                                                                                     # 22
        msg = pb.decode(SCHEMA, "hst.v1.HstMessage", plaintext)
    except pb.DecodeError as e:
        _reject("MALFORMED_CONTENT", str(e))
    # SPEC-GAP 13: "equals" read as protobuf value equality, not byte equality of two encodings.
    if pb.normalized(SCHEMA, "hst.v1.Handling", msg.get("handling", {})) != \
            pb.normalized(SCHEMA, "hst.v1.Handling", h["handling"]) or "handling" not in msg:
        _reject("HANDLING_MISMATCH", "content handling differs from the header's")
    if validate_content is not None:                                                         # 23
        errors = validate_content(msg, h["created_at_ms"])
        if errors:
            _reject("CONTENT_INVALID", "%d validation error(s), first: %s" % (len(errors), errors[0]))
    return plaintext, msg


# ------------------------------------------------------------------ sealing (§4-§7.1)

def new_message_id(unix_ms, rand):
    b = bytearray(unix_ms.to_bytes(6, "big") + rand[:10])
    b[6] = 0x70 | (b[6] & 0x0F)
    b[8] = 0x80 | (b[8] & 0x3F)
    return bytes(b)


def seal(plaintext, content_type, handling, sender, signing_seed, sender_cert_der, recipients,
         message_id, created_at_ms, expires_at_ms, sequence, content_key, content_nonce, ephemeral_keys,
         mutate_header=None):
    """Builds an envelope. recipients: [(party, x25519 public key, recipient sequence)];
    ephemeral_keys: one 32-byte X25519 private key per recipient. Returns (envelope bytes, header bytes).
    mutate_header(dict) may change the header before it is encoded and signed (for negative cases)."""
    enc_key, commitment = content_keys(content_key, message_id)
    ciphertext = AESGCM(enc_key).encrypt(content_nonce, plaintext, content_aad(message_id))
    entries = []
    for (party, pub, seq), eph in zip(recipients, ephemeral_keys):
        kid = key_id(pub)
        eph_pub, wrapped, _, _ = wrap_key(content_key, message_id, eph, pub, kid, party)
        entries.append({"party": party, "key_id": kid, "ephemeral_public_key": eph_pub,
                        "wrapped_key": wrapped, "sequence": seq})
    signing = Ed25519PrivateKey.from_private_bytes(signing_seed)
    fields = {
        "version": 1, "suite": 1, "message_id": message_id, "sender": sender,
        "sender_key_id": key_id(signing.public_key().public_bytes_raw()),
        "created_at_ms": created_at_ms, "expires_at_ms": expires_at_ms, "sequence": sequence,
        "recipients": entries, "handling": handling, "content_type": content_type,
        "content_nonce": content_nonce, "ciphertext_sha256": sha256(ciphertext),
        "key_commitment": commitment,
    }
    if mutate_header:
        mutate_header(fields)
    header = pb.encode(SCHEMA, "hst.v1.EnvelopeHeader", fields)
    signature = signing.sign(signed_bytes("HST/v1/envelope-header", header))
    envelope = pb.encode(SCHEMA, "hst.v1.Envelope", {
        "version": 1, "header": header, "signature": signature,
        "sender_certificate": sender_cert_der, "ciphertext": ciphertext,
    })
    return envelope, header


def parse_time(text):
    return ms(datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc))


def pem_of(der):
    return x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
