"""A small, strict proto3 codec driven by the repository's .proto files.

No protobuf runtime is assumed (CI machines and this exercise have none), so this reads the
message and enum definitions from proto/hst/v1/*.proto with a deliberately narrow parser (the
files use no nested types, maps, groups or extensions) and decodes the wire format by hand.

Decoding is strict in the way docs/protocol.md §4 asks of a version-1 reader: an unknown field
number, a known field with the wrong wire type, a truncated value or invalid UTF-8 in a string is
an error (DecodeError), never silently skipped.
"""

import os
import re
import struct

SCALARS = {
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
    "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
}
VARINT_TYPES = {"int32", "int64", "uint32", "uint64", "sint32", "sint64", "bool"}
FIXED64_TYPES = {"double", "fixed64", "sfixed64"}
FIXED32_TYPES = {"float", "fixed32", "sfixed32"}

WT_VARINT, WT_FIXED64, WT_LEN, WT_FIXED32 = 0, 1, 2, 5


class DecodeError(ValueError):
    pass


class Field:
    def __init__(self, name, number, type_name, label):
        self.name = name
        self.number = number
        self.type = type_name          # scalar name, or a fully qualified message/enum name
        self.label = label             # "", "repeated", "optional" or "oneof"

    @property
    def repeated(self):
        return self.label == "repeated"


class Schema:
    """Messages and enums of package hst.v1 plus google.protobuf.Timestamp."""

    def __init__(self):
        self.messages = {}             # full name -> {number: Field}
        self.enums = {}                # full name -> {number: value name}
        self.messages["google.protobuf.Timestamp"] = {
            1: Field("seconds", 1, "int64", ""),
            2: Field("nanos", 2, "int32", ""),
        }

    @classmethod
    def load(cls, proto_dir):
        schema = cls()
        for name in sorted(os.listdir(proto_dir)):
            if name.endswith(".proto"):
                with open(os.path.join(proto_dir, name), encoding="utf-8") as f:
                    schema._parse(f.read())
        return schema

    def _parse(self, text):
        text = re.sub(r"//[^\n]*", "", text)
        package = re.search(r"^\s*package\s+([\w.]+)\s*;", text, re.M).group(1)
        for kind, name, body in _top_level_blocks(text):
            full = package + "." + name
            if kind == "enum":
                self.enums[full] = {
                    int(m.group(2)): m.group(1)
                    for m in re.finditer(r"(\w+)\s*=\s*(-?\d+)\s*;", body)
                }
            else:
                self.messages[full] = self._fields(package, body)

    def _fields(self, package, body):
        fields = {}
        # oneof members are plain fields for the wire format; mark them so presence is kept.
        flat = re.sub(r"oneof\s+\w+\s*\{([^}]*)\}", lambda m: m.group(1).replace(";", " @oneof;"), body)
        for m in re.finditer(
                r"(?:(repeated|optional)\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*(@oneof)?\s*;", flat):
            label, type_name, fname, number, oneof = m.groups()
            if type_name == "reserved":
                continue
            if type_name not in SCALARS and "." not in type_name:
                type_name = package + "." + type_name
            fields[int(number)] = Field(fname, int(number), type_name, "oneof" if oneof else (label or ""))
        return fields

    def is_enum(self, type_name):
        return type_name in self.enums

    def is_message(self, type_name):
        return type_name in self.messages


def _top_level_blocks(text):
    """Yields (kind, name, body) for each top-level `message X {…}` / `enum X {…}`."""
    pos = 0
    pattern = re.compile(r"\b(message|enum|service)\s+(\w+)\s*\{")
    while True:
        m = pattern.search(text, pos)
        if not m:
            return
        depth, i = 1, m.end()
        while depth:
            c = text[i]
            depth += (c == "{") - (c == "}")
            i += 1
        if m.group(1) != "service":
            yield m.group(1), m.group(2), text[m.end():i - 1]
        pos = i


# ------------------------------------------------------------------ wire reading

def read_varint(buf, pos):
    result, shift = 0, 0
    for i in range(10):
        if pos >= len(buf):
            raise DecodeError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            if i == 9 and b > 1:
                raise DecodeError("varint longer than 64 bits")
            return result, pos
        shift += 7
    raise DecodeError("varint longer than 10 bytes")


def iter_fields(buf):
    """Yields (field number, wire type, value) where value is an int (varint/fixed) or bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        number, wt = key >> 3, key & 7
        if number == 0 or number > 536870911:
            raise DecodeError("invalid field number %d" % number)
        if wt == WT_VARINT:
            value, pos = read_varint(buf, pos)
        elif wt == WT_FIXED64:
            if pos + 8 > len(buf):
                raise DecodeError("truncated fixed64")
            value, pos = buf[pos:pos + 8], pos + 8
        elif wt == WT_FIXED32:
            if pos + 4 > len(buf):
                raise DecodeError("truncated fixed32")
            value, pos = buf[pos:pos + 4], pos + 4
        elif wt == WT_LEN:
            length, pos = read_varint(buf, pos)
            if length > len(buf) - pos:
                raise DecodeError("length-delimited field %d runs past the end" % number)
            value, pos = buf[pos:pos + length], pos + length
        else:
            raise DecodeError("unsupported wire type %d (field %d)" % (wt, number))
        yield number, wt, value


def _signed(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _scalar_from_varint(type_name, v):
    if type_name == "int64":
        return _signed(v, 64)
    if type_name == "int32":
        return _signed(v, 32)          # negative int32 is sign-extended to 64 bits on the wire
    if type_name == "uint32":
        return v & 0xFFFFFFFF
    if type_name == "uint64":
        return v
    if type_name == "sint32" or type_name == "sint64":
        return (v >> 1) ^ -(v & 1)
    if type_name == "bool":
        return v != 0
    raise AssertionError(type_name)


def _scalar_from_fixed(type_name, raw):
    fmt = {"double": "<d", "float": "<f", "fixed64": "<Q", "sfixed64": "<q",
           "fixed32": "<I", "sfixed32": "<i"}[type_name]
    return struct.unpack(fmt, raw)[0]


def _expected_wire_type(schema, type_name):
    if type_name in VARINT_TYPES or schema.is_enum(type_name):
        return WT_VARINT
    if type_name in FIXED64_TYPES:
        return WT_FIXED64
    if type_name in FIXED32_TYPES:
        return WT_FIXED32
    return WT_LEN


def decode(schema, msg_name, buf):
    """Strictly decodes `buf` as message `msg_name` into a dict of the fields present.

    Scalars and enums are ints/bools/floats/str/bytes, messages nested dicts, repeated fields lists.
    A singular field seen twice follows protobuf's rules: the last scalar wins, messages merge.
    """
    fields = schema.messages[msg_name]
    out = {}
    for number, wt, value in iter_fields(bytes(buf)):
        f = fields.get(number)
        if f is None:
            raise DecodeError("unknown field %d in %s" % (number, msg_name))
        expected = _expected_wire_type(schema, f.type)
        packable = f.repeated and expected != WT_LEN
        if packable and wt == WT_LEN:
            items = _unpack(schema, f, value)
        elif wt != expected:
            raise DecodeError("field %s.%s has wire type %d, expected %d" % (msg_name, f.name, wt, expected))
        else:
            items = [_one_value(schema, f, wt, value)]
        if f.repeated:
            out.setdefault(f.name, []).extend(items)
        elif schema.is_message(f.type) and f.name in out:
            out[f.name] = _merge(out[f.name], items[-1])
        else:
            out[f.name] = items[-1]
            if f.label == "oneof":
                for other in fields.values():
                    if other.label == "oneof" and other.name != f.name:
                        out.pop(other.name, None)
    return out


def _merge(a, b):
    merged = dict(a)
    for k, v in b.items():
        if isinstance(v, list):
            merged[k] = merged.get(k, []) + v
        elif isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k] = _merge(merged[k], v)
        else:
            merged[k] = v
    return merged


def _one_value(schema, f, wt, value):
    if wt == WT_VARINT:
        return value if schema.is_enum(f.type) else _scalar_from_varint(f.type, value)
    if wt in (WT_FIXED64, WT_FIXED32):
        return _scalar_from_fixed(f.type, value)
    if f.type == "bytes":
        return bytes(value)
    if f.type == "string":
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise DecodeError("field %s is not valid UTF-8" % f.name)
    return decode(schema, f.type, value)


def _unpack(schema, f, data):
    items, pos = [], 0
    wt = _expected_wire_type(schema, f.type)
    while pos < len(data):
        if wt == WT_VARINT:
            v, pos = read_varint(data, pos)
            items.append(v if schema.is_enum(f.type) else _scalar_from_varint(f.type, v))
        else:
            size = 8 if wt == WT_FIXED64 else 4
            if pos + size > len(data):
                raise DecodeError("truncated packed field %s" % f.name)
            items.append(_scalar_from_fixed(f.type, data[pos:pos + size]))
            pos += size
    return items


def count_field(buf, number):
    """Counts occurrences of a field at the top level without decoding the values."""
    return sum(1 for n, _, _ in iter_fields(bytes(buf)) if n == number)


# ------------------------------------------------------------------ wire writing

def _varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _key(number, wt):
    return _varint(number << 3 | wt)


def _encode_scalar(schema, f, v):
    t = f.type
    if schema.is_enum(t) or t in ("int32", "int64", "uint32", "uint64"):
        return _varint(int(v))
    if t == "bool":
        return _varint(1 if v else 0)
    if t in ("sint32", "sint64"):
        return _varint((v << 1) ^ (v >> 63))
    if t in FIXED64_TYPES or t in FIXED32_TYPES:
        fmt = {"double": "<d", "float": "<f", "fixed64": "<Q", "sfixed64": "<q",
               "fixed32": "<I", "sfixed32": "<i"}[t]
        return struct.pack(fmt, v)
    raise AssertionError(t)


def _is_default(v):
    return v in (0, False, "", b"", 0.0) and not isinstance(v, dict)


def encode(schema, msg_name, msg):
    """Encodes a dict as `msg_name` the way the common runtimes do: fields in number order,
    proto3 defaults of implicit-presence fields omitted, repeated scalars packed."""
    fields = schema.messages[msg_name]
    out = bytearray()
    for number in sorted(fields):
        f = fields[number]
        if f.name not in msg:
            continue
        v = msg[f.name]
        wt = _expected_wire_type(schema, f.type)
        if f.repeated:
            if not v:
                continue
            if wt != WT_LEN:
                packed = b"".join(_encode_scalar(schema, f, x) for x in v)
                out += _key(number, WT_LEN) + _varint(len(packed)) + packed
            else:
                for x in v:
                    out += _encode_len(schema, f, number, x)
            continue
        if f.label == "" and not schema.is_message(f.type) and _is_default(v):
            continue
        if wt == WT_LEN:
            out += _encode_len(schema, f, number, v)
        else:
            out += _key(number, wt) + _encode_scalar(schema, f, v)
    return bytes(out)


def _encode_len(schema, f, number, v):
    if f.type == "string":
        data = v.encode("utf-8")
    elif f.type == "bytes":
        data = bytes(v)
    else:
        data = encode(schema, f.type, v)
    return _key(number, WT_LEN) + _varint(len(data)) + data


def normalized(schema, msg_name, msg):
    """The message with implicit-presence defaults dropped, so two decodings that protobuf
    considers equal compare equal as Python values."""
    fields = {f.name: f for f in schema.messages[msg_name].values()}
    out = {}
    for name, v in msg.items():
        f = fields[name]
        if schema.is_message(f.type):
            v = [normalized(schema, f.type, x) for x in v] if f.repeated else normalized(schema, f.type, v)
        if f.repeated and not v:
            continue
        if f.label == "" and not schema.is_message(f.type) and _is_default(v):
            continue
        out[name] = v
    return out
