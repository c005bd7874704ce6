"""Step 23 of docs/protocol.md §8, in part: the rules of docs/hst-message.md §6 that decide whether
a message is refused at all, not the exact error paths. What is covered is listed in README.md;
the rest (text lengths in UTF-16 units, formats of phones, e-mails, IMO, MMSI, IBAN, scripts,
languages, partial-date arithmetic) is not re-implemented here.
"""

from hst_envelope import ISO_3166, REGION_RE, SCHEMA

MAX_RETENTION_MS = 30 * 366 * 86_400_000
SKEW_MS = 300_000


def _enum_defined(enum_name, value, required):
    values = SCHEMA.enums[enum_name]
    if value not in values:
        return "invalid_enum"
    if required and value == 0:
        return "required"
    return None


def validate(msg, now_ms):
    errors = []

    def err(path, code):
        errors.append("%s %s" % (path, code))

    # Every enum number anywhere must be defined (hst-message.md §2), required or not.
    _walk_enums("hst.v1.HstMessage", msg, "", err)

    case = msg.get("case")
    if case is None:
        err("case", "required")
    else:
        if not case.get("reference", "").strip():
            err("case.reference", "required")
        if not case.get("title", "").strip():
            err("case.title", "required")
        crimes = case.get("crime_types", [])
        if not crimes:
            err("case.crime_types", "required")
        if any(c == 0 for c in crimes):
            err("case.crime_types", "invalid_enum")
        if len(set(crimes)) != len(crimes):
            err("case.crime_types", "duplicate")
        if case.get("status", 0) == 0:
            err("case.status", "required")
        for i, r in enumerate(case.get("requests", [])):
            if r.get("type", 0) == 0:
                err("case.requests[%d].type" % i, "required")
            if "person_index" in r and r["person_index"] >= len(msg.get("persons", [])):
                err("case.requests[%d].person_index" % i, "invalid_index")

    persons = msg.get("persons", [])
    for i, p in enumerate(persons):
        if p.get("role", 0) == 0:
            err("persons[%d].role" % i, "required")
        name = p.get("name", {})
        if not (any(str(v).strip() for v in name.values()) or p.get("aliases") or p.get("documents")
                or p.get("phones") or p.get("emails") or p.get("online_handles")):
            err("persons[%d]" % i, "required")
        for c in p.get("nationalities", []):
            if c not in ISO_3166:
                err("persons[%d].nationalities" % i, "invalid_country")

    n_conv = len(msg.get("conveyances", []))
    for i, inc in enumerate(msg.get("incidents", [])):
        if any(x >= n_conv for x in inc.get("conveyance_indexes", [])):
            err("incidents[%d].conveyance_indexes" % i, "invalid_index")
        if "place" in inc and inc["place"].get("country", "") not in ISO_3166:
            err("incidents[%d].place.country" % i, "invalid_country")
    for i, o in enumerate(msg.get("organisations", [])):
        if not o.get("name", "").strip():
            err("organisations[%d].name" % i, "required")
        if any(x >= len(persons) for x in o.get("member_person_indexes", [])):
            err("organisations[%d].member_person_indexes" % i, "invalid_index")
    for i, f in enumerate(msg.get("financial_identifiers", [])):
        if f.get("type", 0) == 0:
            err("financial_identifiers[%d].type" % i, "required")
        if "holder_person_index" in f and f["holder_person_index"] >= len(persons):
            err("financial_identifiers[%d].holder_person_index" % i, "invalid_index")
    for i, r in enumerate(msg.get("routes", [])):
        if not r.get("legs"):
            err("routes[%d].legs" % i, "required")
    for i, c in enumerate(msg.get("conveyances", [])):
        if not any(k in c for k in ("vehicle", "vessel", "flight")):
            err("conveyances[%d].kind" % i, "required")
    for i, m in enumerate(msg.get("modus_operandi", [])):
        if m.get("code", 0) == 0:
            err("modus_operandi[%d].code" % i, "required")
    lists = {1: persons, 2: msg.get("organisations", []), 3: msg.get("conveyances", []),
             4: msg.get("financial_identifiers", []), 5: msg.get("routes", []), 6: msg.get("incidents", [])}
    for i, rel in enumerate(msg.get("relations", [])):
        if rel.get("type", 0) == 0:
            err("relations[%d].type" % i, "required")
        for end in ("from", "to"):
            ref = rel.get(end)
            if ref is None or ref.get("kind", 0) == 0:
                err("relations[%d].%s" % (i, end), "required")
                continue
            kind, index = ref["kind"], ref.get("index", 0)
            if kind in (7, 8):
                pi = ref.get("person_index")
                if pi is None or pi >= len(persons):
                    err("relations[%d].%s.person_index" % (i, end), "invalid_index")
                    continue
                items = persons[pi].get("phones" if kind == 7 else "emails", [])
                if index >= len(items):
                    err("relations[%d].%s.index" % (i, end), "invalid_index")
            else:
                if "person_index" in ref:
                    err("relations[%d].%s.person_index" % (i, end), "conflict")
                if kind in lists and index >= len(lists[kind]):
                    err("relations[%d].%s.index" % (i, end), "invalid_index")
        if rel.get("from") is not None and rel.get("from") == rel.get("to"):
            err("relations[%d].to" % i, "conflict")

    h = msg.get("handling")
    if h is None:
        err("handling", "required")
    else:
        for f in ("code", "source_reliability", "information_accuracy"):
            if h.get(f, 0) == 0:
                err("handling." + f, "required")
        a = h.get("addressees", {})
        if not (a.get("members") or a.get("regions") or a.get("all_members")):
            err("handling.addressees", "required")
        for name in ("members", "excluded_members"):
            codes = a.get(name, [])
            if any(c not in ISO_3166 for c in codes):
                err("handling.addressees." + name, "invalid_country")
            if len(set(codes)) != len(codes):
                err("handling.addressees." + name, "duplicate")
        regions = a.get("regions", [])
        if any(not REGION_RE.match(r) for r in regions):
            err("handling.addressees.regions", "invalid_format")
        if len(set(regions)) != len(regions):
            err("handling.addressees.regions", "duplicate")
        if set(a.get("members", [])) & set(a.get("excluded_members", [])):
            err("handling.addressees.excluded_members", "conflict")
        ru = h.get("retain_until")
        if ru is None:
            err("handling.retain_until", "required")
        else:
            ru_ms = ru.get("seconds", 0) * 1000 + ru.get("nanos", 0) // 1_000_000
            if ru_ms <= now_ms:
                err("handling.retain_until", "invalid_date")
            elif ru_ms > now_ms + MAX_RETENTION_MS:
                err("handling.retain_until", "out_of_range")
    return errors


def _walk_enums(msg_name, msg, path, err):
    fields = {f.name: f for f in SCHEMA.messages[msg_name].values()}
    for name, value in msg.items():
        f = fields[name]
        values = value if f.repeated else [value]
        for i, v in enumerate(values):
            p = "%s%s%s" % (path + "." if path else "", name, "[%d]" % i if f.repeated else "")
            if SCHEMA.is_enum(f.type) and v not in SCHEMA.enums[f.type]:
                err(p, "invalid_enum")
            elif SCHEMA.is_message(f.type):
                _walk_enums(f.type, v, p, err)
