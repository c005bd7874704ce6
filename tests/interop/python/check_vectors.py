#!/usr/bin/env python3
"""Checks docs/test-vectors/ with the independent Python implementation, then seals and forwards
envelopes of its own and checks those too.

    python3 tests/interop/python/check_vectors.py docs/test-vectors [--out DIR]

--out DIR writes the envelopes sealed here (hex, one file each) for another implementation to check.
Exit code 0 when every check passed, 1 when one failed, 2 on a usage error.
"""

import glob
import json
import os
import sys

sys.dont_write_bytecode = True  # keep the repository free of __pycache__ directories

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

import hst_content
import hst_envelope as hst
import protobuf_lite as pb
import spec_cases

failures = []


def check(ok, what):
    print("  %s %s" % ("ok  " if ok else "FAIL", what))
    if not ok:
        failures.append(what)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_pki(pki, trust, now_ms):
    print("pki.json")
    for party, p in pki["parties"].items():
        sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(p["signing_private_key"]))
        spub = sk.public_key().public_bytes_raw()
        ek = X25519PrivateKey.from_private_bytes(bytes.fromhex(p["encryption_private_key"]))
        epub = ek.public_key().public_bytes_raw()
        good = spub.hex() == p["signing_public_key"] and epub.hex() == p["encryption_public_key"]
        good &= hst.key_id(spub).hex() == p["signing_key_id"] and hst.key_id(epub).hex() == p["encryption_key_id"]
        try:
            cert, uri, raw = hst.parse_certificate(bytes.fromhex(p["signing_certificate_der"]), "signing", trust, now_ms)
            hst.check_at(cert, trust, now_ms, now_ms)
            good &= uri == party and raw == spub
            cert, uri, raw = hst.parse_certificate(bytes.fromhex(p["encryption_certificate_der"]), "encryption", trust, now_ms)
            hst.check_at(cert, trust, now_ms, now_ms)
            good &= uri == party and raw == epub
        except hst.CertError as e:
            good, _ = False, print("   ", e)
        check(good, "%s: keys, key ids and both certificates agree and are accepted" % party)


def keys_of(pki, party):
    return [bytes.fromhex(pki["parties"][party]["encryption_private_key"])] if party in pki["parties"] else []


def run_vector(path, pki, trust):
    v = load(path)
    print("%s (%s)" % (os.path.relpath(path), v["name"]))
    now = hst.parse_time(v["verify_at"])
    skew = v["max_clock_skew_seconds"] * 1000
    env = bytes.fromhex(v["envelope"])
    opened = {}
    for e in v["expect"]:
        party = e["party"]
        try:
            plaintext, _ = hst.open_envelope(env, trust, now, party, keys_of(pki, party), skew,
                                             validate_content=hst_content.validate)
            got, detail = "OPENED", ""
            opened[party] = plaintext
        except hst.Rejected as r:
            got, detail = r.reason, " (%s)" % r.detail
        check(got == e["result"], "as %s: %s%s, expected %s" % (party, got, detail, e["result"]))
    return v, opened, now, skew


def check_intermediates(v, opened, pki):
    print("valid-3-recipients: intermediate values recomputed from the spec")
    iv = {k: bytes.fromhex(x) for k, x in v["intermediate"].items() if isinstance(x, str) and k != "message_json"}
    mid, k = iv["message_id"], iv["content_key"]
    enc_key, commitment = hst.content_keys(k, mid)
    check(enc_key == iv["content_encryption_key"], "content_encryption_key = HKDF-Expand(prk, content-encryption)")
    check(commitment == iv["key_commitment"], "key_commitment = HKDF-Expand(prk, key-commitment)")
    check(hst.content_aad(mid) == iv["content_aad"], "content_aad")
    env = pb.decode(hst.SCHEMA, "hst.v1.Envelope", bytes.fromhex(v["envelope"]))
    check(env["header"] == iv["header"], "envelope.header = intermediate header")
    check(hst.sha256(env["header"]) == iv["header_sha256"], "header_sha256")
    check(hst.sha256(env["ciphertext"]) == iv["ciphertext_sha256"], "ciphertext_sha256")
    check(env["signature"] == iv["signature"], "signature")
    check(all(p == iv["plaintext"] for p in opened.values()) and len(opened) == 3,
          "every opener got exactly the intermediate plaintext")
    msg = pb.decode(hst.SCHEMA, "hst.v1.HstMessage", iv["plaintext"])
    js = json.loads(v["intermediate"]["message_json"])
    check(msg["case"]["reference"] == js["case"]["reference"] and len(msg.get("persons", [])) == len(js.get("persons", [])),
          "plaintext agrees with message_json (case reference, number of persons)")
    header = pb.decode(hst.SCHEMA, "hst.v1.EnvelopeHeader", env["header"])
    for w, r in zip(v["intermediate"]["wraps"], header["recipients"]):
        party = w["party"]
        pub = bytes.fromhex(pki["parties"][party]["encryption_public_key"])
        eph_pub, wrapped, shared, kek = hst.wrap_key(k, mid, bytes.fromhex(w["ephemeral_private_key"]),
                                                     pub, hst.key_id(pub), party)
        check(party == r["party"] and eph_pub.hex() == w["ephemeral_public_key"] and shared.hex() == w["shared_secret"]
              and kek.hex() == w["wrap_key"] and wrapped.hex() == w["wrapped_key"] and wrapped == r["wrapped_key"],
              "wrap for %s: E, shared secret, KEK and wrapped_key" % party)

    # Seal again from the intermediate values: the same bytes must come out.
    fr = pki["parties"]["urn:hst:member:FR"]
    recips = [(r["party"], bytes.fromhex(pki["parties"][r["party"]]["encryption_public_key"]), r["sequence"])
              for r in header["recipients"]]
    envelope, hdr = hst.seal(iv["plaintext"], header["content_type"], header["handling"], header["sender"],
                             bytes.fromhex(fr["signing_private_key"]), bytes.fromhex(fr["signing_certificate_der"]),
                             recips, mid, header["created_at_ms"], header["expires_at_ms"], header["sequence"],
                             k, iv["content_nonce"], [bytes.fromhex(w["ephemeral_private_key"]) for w in v["intermediate"]["wraps"]])
    check(hdr == iv["header"], "Python seal reproduces the signed header byte for byte")
    check(envelope.hex() == v["envelope"], "Python seal reproduces the whole envelope byte for byte")


def seal_fresh(v, pki, trust, now, skew, out_dir):
    print("sealed here: a new FR -> DE, IT, hub envelope, then a hub forward to ES")
    iv = v["intermediate"]
    header = pb.decode(hst.SCHEMA, "hst.v1.EnvelopeHeader", bytes.fromhex(iv["header"]))
    fr = pki["parties"]["urn:hst:member:FR"]
    created = now - 60_000
    mid = hst.new_message_id(created, os.urandom(10))
    parties = ["urn:hst:member:DE", "urn:hst:member:IT", hst.HUB]
    recips = [(p, bytes.fromhex(pki["parties"][p]["encryption_public_key"]), 7) for p in parties]
    plaintext = bytes.fromhex(iv["plaintext"])
    envelope, header_raw = hst.seal(
        plaintext, "hst.v1.HstMessage", header["handling"], "urn:hst:member:FR",
        bytes.fromhex(fr["signing_private_key"]), bytes.fromhex(fr["signing_certificate_der"]), recips, mid,
        created, created + 30 * hst.DAY_MS, 42, os.urandom(32), os.urandom(12), [os.urandom(32) for _ in parties])
    for p in parties + ["urn:hst:member:ES"]:
        try:
            got, _ = hst.open_envelope(envelope, trust, now, p, keys_of(pki, p), skew, hst_content.validate)
            result = "OPENED" if got == plaintext else "WRONG PLAINTEXT"
        except hst.Rejected as r:
            result = r.reason
        expected = "REJECTION_REASON_NOT_A_RECIPIENT" if p.endswith(":ES") else "OPENED"
        check(result == expected, "sealed envelope as %s: %s" % (p, result))
    tampered = bytearray(envelope)
    tampered[-1] ^= 1
    try:
        hst.verify(bytes(tampered), trust, now, skew)
        check(False, "tampered sealed envelope refused")
    except hst.Rejected as r:
        check(r.reason == "REJECTION_REASON_CONTENT_HASH_MISMATCH", "last ciphertext byte flipped: %s" % r.reason)

    # The hub forwards to ES (§7.2): it opens its wrap, wraps K for ES, signs a ForwardRecord.
    hub = pki["parties"][hst.HUB]
    ver = hst.verify(envelope, trust, now, skew)
    hub_entry = next(r for p, r in ver.audience if p == hst.HUB)
    hub_priv = bytes.fromhex(hub["encryption_private_key"])
    hub_pub = bytes.fromhex(hub["encryption_public_key"])
    shared = hst.x25519(hub_priv, hub_entry["ephemeral_public_key"])
    kek = hst.hkdf_expand(hst.hkdf_extract(mid, shared), hst.wrap_info(
        mid, hub_entry["ephemeral_public_key"], hub_pub, hub_entry["key_id"], hst.HUB), 32)
    k = hst.AESGCM(kek).decrypt(bytes(12), hub_entry["wrapped_key"], b"")
    es = "urn:hst:member:ES"
    es_pub = bytes.fromhex(pki["parties"][es]["encryption_public_key"])
    eph_pub, wrapped, _, _ = hst.wrap_key(k, mid, os.urandom(32), es_pub, hst.key_id(es_pub), es)
    hub_sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(hub["signing_private_key"]))
    record = pb.encode(hst.SCHEMA, "hst.v1.ForwardRecord", {
        "version": 1, "message_id": mid, "header_sha256": hst.sha256(header_raw),
        "forwarder": hst.HUB, "forwarder_key_id": hst.key_id(hub_sk.public_key().public_bytes_raw()),
        "forwarded_at_ms": now - 30_000,
        "added_recipients": [{"party": es, "key_id": hst.key_id(es_pub), "ephemeral_public_key": eph_pub,
                              "wrapped_key": wrapped}],
    })
    env = pb.decode(hst.SCHEMA, "hst.v1.Envelope", envelope)
    env["forwards"] = [{"record": record,
                        "signature": hub_sk.sign(hst.signed_bytes("HST/v1/forward-record", record)),
                        "forwarder_certificate": bytes.fromhex(hub["signing_certificate_der"])}]
    forwarded = pb.encode(hst.SCHEMA, "hst.v1.Envelope", env)
    for p in (es, "urn:hst:member:DE"):
        try:
            got, _ = hst.open_envelope(forwarded, trust, now, p, keys_of(pki, p), skew, hst_content.validate)
            result = "OPENED" if got == plaintext else "WRONG PLAINTEXT"
        except hst.Rejected as r:
            result = r.reason
        check(result == "OPENED", "forwarded envelope as %s: %s" % (p, result))
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        for name, data in (("python-sealed.hex", envelope), ("python-forwarded.hex", forwarded)):
            with open(os.path.join(out_dir, name), "w") as f:
                f.write(data.hex() + "\n")
        print("  wrote %s/python-sealed.hex and python-forwarded.hex (verify_at %s)" % (out_dir, v["verify_at"]))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    vectors = argv[1]
    out_dir = argv[argv.index("--out") + 1] if "--out" in argv else None
    pki = load(os.path.join(vectors, "pki.json"))
    trust = hst.Trust(pki["root_certificate_pem"], pki["crl_pem"])
    valid_path = os.path.join(vectors, "valid-3-recipients.json")
    v, opened, now, skew = run_vector(valid_path, pki, trust)
    check_pki(pki, trust, now)
    check_intermediates(v, opened, pki)
    for path in [os.path.join(vectors, "forwarded.json")] + sorted(glob.glob(os.path.join(vectors, "invalid", "*.json"))):
        run_vector(path, pki, trust)
    seal_fresh(v, pki, trust, now, skew, out_dir)
    print("cases the vectors do not cover, sealed and forwarded here from the spec")
    spec_cases.run(spec_cases.World(pki, trust, v, now, skew), check)
    print()
    if failures:
        print("FAILED: %d check(s)" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
