"""Ed25519 verification with the extra refusals docs/protocol.md §1 requires (libsodium's rules).

OpenSSL (behind `cryptography`) already refuses S >= L and checks [S]B = R + [k]A without the
cofactor; it does not refuse a small-order or non-canonical public key, nor a small-order R. Those
checks are done here in plain integer arithmetic on the curve (speed does not matter for vectors).
"""

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _decode_point(b, require_canonical):
    """Returns the point (x, y) in affine coordinates, or None when `b` encodes no point."""
    n = int.from_bytes(b, "little")
    sign, y = n >> 255, n & ((1 << 255) - 1)
    if y >= P:
        if require_canonical:
            return None
        y -= P
    u, v = (y * y - 1) % P, (D * y * y + 1) % P
    x = (u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P)) % P
    if (v * x * x - u) % P != 0:
        x = x * SQRT_M1 % P
        if (v * x * x - u) % P != 0:
            return None
    if x == 0 and sign:
        if require_canonical:
            return None
    if (x & 1) != sign:
        x = P - x
    return x % P, y


def _add(p1, p2):
    (x1, y1), (x2, y2) = p1, p2
    t = D * x1 * x2 * y1 * y2 % P
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, P - 2, P) % P
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, P - 2, P) % P
    return x3, y3


def _has_small_order(pt):
    for _ in range(3):                 # [8]P
        pt = _add(pt, pt)
    return pt == (0, 1)


def verify(public_key, signature, message):
    """True only if the signature is valid under RFC 8032 and the §1 refusals."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _decode_point(public_key, require_canonical=True)
    if a is None or _has_small_order(a):
        return False
    if int.from_bytes(signature[32:], "little") >= L:
        return False
    r = _decode_point(signature[:32], require_canonical=False)
    if r is None or _has_small_order(r):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except InvalidSignature:
        return False
