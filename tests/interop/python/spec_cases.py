"""Cases the committed vectors do not cover, built here from the spec: each envelope is sealed (and
forwarded) in Python with one rule broken, and must be refused with the reason docs/protocol.md §8
names. This checks the Python verifier against the page, not against the reference implementation.
"""

import copy
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import hst_content
import hst_envelope as hst
import protobuf_lite as pb

FR, DE, IT, ES = ("urn:hst:member:" + c for c in ("FR", "DE", "IT", "ES"))
OPENED = "OPENED"


class World:
    def __init__(self, pki, trust, vector, now, skew):
        self.pki, self.trust, self.now, self.skew = pki, trust, now, skew
        self.message = pb.decode(hst.SCHEMA, "hst.v1.HstMessage", bytes.fromhex(vector["intermediate"]["plaintext"]))

    def party(self, uri):
        return self.pki["parties"][uri]

    def enc_pub(self, uri):
        return bytes.fromhex(self.party(uri)["encryption_public_key"])

    def seal(self, to=(DE, IT, hst.HUB), code=hst.H0, edit_handling=None, mutate_header=None,
             mutate_plaintext=None, created=None, nonce_in_header=None):
        msg = copy.deepcopy(self.message)
        h = msg["handling"]
        h["code"] = code
        h["addressees"] = {"members": [p[-2:] for p in to if p != hst.HUB]}
        h["hub_may_read"] = hst.HUB in to
        if edit_handling:
            edit_handling(h)
        plaintext = pb.encode(hst.SCHEMA, "hst.v1.HstMessage", msg)
        if mutate_plaintext:
            plaintext = mutate_plaintext(plaintext)
        created = self.now - 60_000 if created is None else created
        mid = hst.new_message_id(created, os.urandom(10))
        self.last_key = os.urandom(32)

        def mutate(fields):
            if nonce_in_header:
                fields["content_nonce"] = nonce_in_header
            if mutate_header:
                mutate_header(fields)
        fr = self.party(FR)
        envelope, self.last_header = hst.seal(
            plaintext, "hst.v1.HstMessage", h, FR, bytes.fromhex(fr["signing_private_key"]),
            bytes.fromhex(fr["signing_certificate_der"]), [(p, self.enc_pub(p), 1) for p in to], mid,
            created, created + 30 * hst.DAY_MS, 1, self.last_key, os.urandom(12), [os.urandom(32) for _ in to],
            mutate_header=mutate)
        self.last_mid = mid
        return envelope

    def consent(self, granted_to, signer=FR, granted_at=None, header=None):
        payload = pb.encode(hst.SCHEMA, "hst.v1.ForwardConsent", {
            "version": 1, "message_id": self.last_mid, "header_sha256": hst.sha256(header or self.last_header),
            "granted_to": list(granted_to), "granted_at_ms": granted_at or self.now - 40_000})
        sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.party(signer)["signing_private_key"]))
        return {"consent": payload, "signature": sk.sign(hst.signed_bytes("HST/v1/forward-consent", payload)),
                "signer_certificate": bytes.fromhex(self.party(signer)["signing_certificate_der"])}

    def forward(self, envelope, added, signer=hst.HUB, consent=None, forwarded_at=None, mutate_record=None):
        env = pb.decode(hst.SCHEMA, "hst.v1.Envelope", envelope)
        forwards = env.get("forwards", [])
        signer_keys = self.party(signer)
        sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signer_keys["signing_private_key"]))
        record = {
            "version": 1, "message_id": self.last_mid, "header_sha256": hst.sha256(env["header"]),
            "previous_record_sha256": hst.sha256(forwards[-1]["record"]) if forwards else b"",
            "forwarder": signer, "forwarder_key_id": hst.key_id(sk.public_key().public_bytes_raw()),
            "forwarded_at_ms": forwarded_at or self.now - 30_000, "added_recipients": [],
        }
        for p in added:
            pub = self.enc_pub(p)
            eph_pub, wrapped, _, _ = hst.wrap_key(self.last_key, self.last_mid, os.urandom(32), pub, hst.key_id(pub), p)
            record["added_recipients"].append(
                {"party": p, "key_id": hst.key_id(pub), "ephemeral_public_key": eph_pub, "wrapped_key": wrapped})
        if consent:
            record["consent"] = consent
        if mutate_record:
            mutate_record(record)
        raw = pb.encode(hst.SCHEMA, "hst.v1.ForwardRecord", record)
        forwards.append({"record": raw, "signature": sk.sign(hst.signed_bytes("HST/v1/forward-record", raw)),
                         "forwarder_certificate": bytes.fromhex(signer_keys["signing_certificate_der"])})
        env["forwards"] = forwards
        return pb.encode(hst.SCHEMA, "hst.v1.Envelope", env)

    def result(self, envelope, party, keys_of=None, trust=None):
        keys = [bytes.fromhex(self.party(keys_of or party)["encryption_private_key"])]
        try:
            hst.open_envelope(envelope, trust or self.trust, self.now, party, keys, self.skew, hst_content.validate)
            return OPENED
        except hst.Rejected as r:
            return r.reason[len("REJECTION_REASON_"):]


def _flip_wrap(fields):
    w = bytearray(fields["recipients"][0]["wrapped_key"])
    w[0] ^= 1
    fields["recipients"][0]["wrapped_key"] = bytes(w)


def _set(path, value):
    def apply(d):
        *parents, last = path
        for k in parents:
            d = d[k] if not isinstance(k, int) else d[k]
        d[last] = value
    return apply


def cases(w):
    """Yields (description, envelope builder, party, expected result)."""
    lineage = {"supersedes_message_id": hst.new_message_id(w.now - 9 * 86_400_000, os.urandom(10)),
               "supersedes_header_sha256": bytes(32), "version": 2, "reason": "date of birth corrected"}
    yield "honest envelope", lambda: w.seal(), DE, OPENED
    yield "hub recipient while hub_may_read is false", lambda: w.seal(mutate_header=lambda f: f["handling"].update(hub_may_read=False)), DE, "HANDLING_VIOLATION"
    yield "created 10 minutes ahead of the clock", lambda: w.seal(created=w.now + 600_000), DE, "CREATED_IN_FUTURE"
    yield "lifetime of 91 days", lambda: w.seal(mutate_header=lambda f: f.update(expires_at_ms=f["created_at_ms"] + 91 * hst.DAY_MS)), DE, "MALFORMED_HEADER"
    yield "recipient sequence 0", lambda: w.seal(mutate_header=_set(("recipients", 0, "sequence"), 0)), DE, "MALFORMED_HEADER"
    yield "message_id version nibble 4", lambda: w.seal(mutate_header=lambda f: f.update(message_id=f["message_id"][:6] + bytes([0x40]) + f["message_id"][7:])), DE, "MALFORMED_HEADER"
    yield "member sends a hub content type", lambda: w.seal(mutate_header=lambda f: f.update(content_type="hst.v1.HitNotification")), DE, "MALFORMED_HEADER"
    yield "lineage of version 1", lambda: w.seal(mutate_header=lambda f: f.update(lineage=dict(lineage, version=1))), DE, "MALFORMED_HEADER"
    yield "lineage with a 501-character reason", lambda: w.seal(mutate_header=lambda f: f.update(lineage=dict(lineage, reason="x" * 501))), DE, "MALFORMED_HEADER"
    yield "well-formed lineage", lambda: w.seal(mutate_header=lambda f: f.update(lineage=lineage)), DE, OPENED
    # retain_until's whole Unix milliseconds (nanos truncated) must be a signed time, 1 .. 253402300799999 (§4, step 9);
    # one that is passes the shape and meets step 23, which wants it after creation and at most 30 years on.
    yield "retain_until 1970-01-01T00:00:00.000999999Z (0 ms)", lambda: w.seal(edit_handling=_retain(0, 999_999)), DE, "MALFORMED_HEADER"
    yield "retain_until 1969-12-31T23:59:59.999Z", lambda: w.seal(edit_handling=_retain(-1, 999_000_000)), DE, "MALFORMED_HEADER"
    yield "retain_until 0001-01-01T00:00:00Z", lambda: w.seal(edit_handling=_retain(-62135596800, 0)), DE, "MALFORMED_HEADER"
    yield "retain_until 1970-01-01T00:00:00.001Z passes the envelope, fails the content", lambda: w.seal(edit_handling=_retain(0, 1_000_000)), DE, "CONTENT_INVALID"
    yield "retain_until 9999-12-31T23:59:59.999999999Z passes the envelope, fails the content", lambda: w.seal(edit_handling=_retain(253402300799, 999_999_999)), DE, "CONTENT_INVALID"
    yield "UNSPECIFIED reliability passes the envelope, fails the content", lambda: w.seal(edit_handling=lambda h: h.update(source_reliability=0)), DE, "CONTENT_INVALID"
    yield "signature of 63 bytes", lambda: _cut_signature(w.seal()), DE, "SIGNATURE_INVALID"
    yield "a group appended to the envelope", lambda: w.seal() + bytes([0x3B, 0x3C]), DE, "MALFORMED_ENVELOPE"
    yield "opener holds no key with the wrap's key id", lambda: w.seal(), (DE, IT), "KEY_WRAP_MISSING"
    yield "DE's wrapped key altered (signed)", lambda: w.seal(mutate_header=_flip_wrap), DE, "KEY_WRAP_INVALID"
    yield "header names another content nonce", lambda: w.seal(nonce_in_header=bytes(12)), DE, "DECRYPTION_FAILED"
    yield "content handling differs from the header's", lambda: w.seal(mutate_plaintext=_other_instructions(w)), DE, "HANDLING_MISMATCH"
    yield "content holds an unknown field", lambda: w.seal(mutate_plaintext=lambda p: p + bytes([0xF8, 0x06, 0x01])), DE, "MALFORMED_CONTENT"
    yield "content holds invalid UTF-8", lambda: w.seal(mutate_plaintext=_bad_utf8(w)), DE, "MALFORMED_CONTENT"
    yield "CRL past nextUpdate + grace", lambda: w.seal(), (DE, "stale"), "TRUST_DATA_STALE"
    # Forwards (§7.2-§7.4, step 15).
    yield "hub forwards H0 to ES", lambda: w.forward(w.seal(to=(DE, hst.HUB)), [ES]), ES, OPENED
    yield "two chained forwards", lambda: w.forward(w.forward(w.seal(to=(DE, hst.HUB)), [ES]), [IT]), IT, OPENED
    yield "second forward with a wrong previous_record_sha256", lambda: w.forward(
        w.forward(w.seal(to=(DE, hst.HUB)), [ES]), [IT], mutate_record=lambda r: r.update(previous_record_sha256=bytes(32))), IT, "FORWARD_INVALID"
    yield "forward adding no one", lambda: w.forward(w.seal(to=(DE, hst.HUB)), []), DE, "FORWARD_INVALID"
    yield "added recipient with sequence 1", lambda: w.forward(w.seal(to=(DE, hst.HUB)), [ES], mutate_record=_set(("added_recipients", 0, "sequence"), 1)), ES, "FORWARD_INVALID"
    yield "forward re-adding DE", lambda: w.forward(w.seal(to=(DE, hst.HUB)), [DE]), DE, "FORWARD_INVALID"
    yield "forwarded before creation", lambda: w.forward(w.seal(to=(DE, hst.HUB)), [ES], forwarded_at=w.now - 120_000), ES, "FORWARD_INVALID"
    yield "forward to an excluded member (H0)", lambda: w.forward(w.seal(to=(DE, hst.HUB), edit_handling=lambda h: h["addressees"].update(excluded_members=["ES"])), [ES]), ES, "FORWARD_NOT_PERMITTED"
    yield "H1 forward outside the addressees", lambda: w.forward(w.seal(to=(DE, hst.HUB), code=hst.H1), [ES]), ES, "FORWARD_NOT_PERMITTED"
    yield "H2 forward without consent", lambda: w.forward(w.seal(to=(DE, hst.HUB), code=hst.H2), [ES]), ES, "FORWARD_NOT_PERMITTED"
    yield "H2 forward with FR's consent", lambda: _h2(w, FR, [ES]), ES, OPENED
    yield "H2 forward with a consent DE signed", lambda: _h2(w, DE, [ES]), ES, "FORWARD_NOT_PERMITTED"
    yield "H2 forward with FR's consent naming IT only", lambda: _h2(w, FR, [IT]), ES, "FORWARD_NOT_PERMITTED"
    yield "17 forwards", lambda: _many_forwards(w), DE, "MALFORMED_ENVELOPE"


def _retain(seconds, nanos):
    return lambda h: h.update(retain_until={"seconds": seconds, "nanos": nanos})


def _cut_signature(envelope):
    env = pb.decode(hst.SCHEMA, "hst.v1.Envelope", envelope)
    env["signature"] = env["signature"][:63]
    return pb.encode(hst.SCHEMA, "hst.v1.Envelope", env)


def _other_instructions(w):
    old = w.message["handling"]["instructions"].encode()

    def edit(p):
        return p.replace(old, b"X" + old[1:])
    return edit


def _bad_utf8(w):
    title = w.message["case"]["title"].encode()

    def edit(p):
        return p.replace(title, b"\xff" + title[1:])
    return edit


def _h2(w, signer, granted):
    envelope = w.seal(to=(DE, hst.HUB), code=hst.H2)
    return w.forward(envelope, [ES], consent=w.consent(["urn:hst:member:" + g[-2:] for g in granted], signer=signer))


def _many_forwards(w):
    envelope = w.forward(w.seal(to=(DE, hst.HUB)), [ES])
    env = pb.decode(hst.SCHEMA, "hst.v1.Envelope", envelope)
    env["forwards"] = env["forwards"] * 17
    return pb.encode(hst.SCHEMA, "hst.v1.Envelope", env)


def run(w, check):
    stale = hst.Trust(w.pki["root_certificate_pem"], w.pki["crl_pem"], crl_grace_ms=-20 * 365 * hst.DAY_MS)
    for what, build, who, expected in cases(w):
        keys_of, trust = None, None
        if isinstance(who, tuple):
            who, extra = who
            trust = stale if extra == "stale" else None
            keys_of = extra if extra != "stale" else None
        got = w.result(build(), who, keys_of, trust)
        check(got == expected, "%s: as %s, %s (expected %s)" % (what, who.rsplit(":", 1)[1], got, expected))
