"""The patient an IHE XDM package's METADATA.XML gives for a document (sourcePatientInfo).

The values are HL7 v2 PID fields: PID-5 the name (family^given^second^suffix^prefix),
PID-7 the birth date, PID-8 the sex, PID-3 the identifier.
"""

from __future__ import annotations

from organizer.core.identity.found import FoundIdentity
from organizer.core.importing.guessing import date_from_compact
from organizer.core.importing.safexml import XdmEntry

WHERE = "the XDM package's sourcePatientInfo"


def xdm_identity(entry: XdmEntry | None) -> FoundIdentity | None:
    if entry is None or not entry.patient_info:
        return None
    fields: dict[str, str] = {}
    for value in entry.patient_info:
        key, _, rest = value.partition("|")
        fields.setdefault(key.strip().upper(), rest.strip())
    name = _v2_name(fields.get("PID-5", ""))
    dob = date_from_compact(fields.get("PID-7", ""))
    found = FoundIdentity(
        names=(name,) if name else (),
        dob=dob if dob is not None and dob.day is not None else None,
        sex=fields.get("PID-8", ""),
        patient_id=fields.get("PID-3", "").split("^", 1)[0],
        where=WHERE,
    )
    return None if found.empty else found


def _v2_name(value: str) -> str:
    parts = [" ".join(part.split()) for part in value.split("~", 1)[0].split("^")]
    parts += [""] * (5 - len(parts))
    family, given, second, suffix, prefix = parts[:5]
    return " ".join(part for part in (prefix, given, second, family, suffix) if part)
