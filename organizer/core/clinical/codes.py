"""Code systems and timestamps as clinical files write them, in our plain forms."""

from __future__ import annotations

import re

SYSTEMS = {
    "2.16.840.1.113883.6.88": "rxnorm",
    "2.16.840.1.113883.6.96": "snomed",
    "2.16.840.1.113883.6.1": "loinc",
    "2.16.840.1.113883.6.90": "icd10",
    "2.16.840.1.113883.6.3": "icd10",
    "2.16.840.1.113883.6.103": "icd9",
    "2.16.840.1.113883.6.104": "icd9",
    "2.16.840.1.113883.12.292": "cvx",
    "2.16.840.1.113883.6.69": "ndc",
    "2.16.840.1.113883.6.12": "cpt",
    "2.16.840.1.113883.6.285": "hcpcs",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "rxnorm",
    "http://snomed.info/sct": "snomed",
    "http://loinc.org": "loinc",
    "http://hl7.org/fhir/sid/icd-10-cm": "icd10",
    "http://hl7.org/fhir/sid/icd-10": "icd10",
    "http://hl7.org/fhir/sid/icd-9-cm": "icd9",
    "http://hl7.org/fhir/sid/cvx": "cvx",
    "http://hl7.org/fhir/sid/ndc": "ndc",
    "http://www.ama-assn.org/go/cpt": "cpt",
}

_HL7_TS = re.compile(
    r"^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(?:\.\d+)?)?\s*([+-]\d{2}:?\d{2}|Z)?$"
)
_ISO_TS = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"([+-]\d{2}:?\d{2}|Z)?)?)?)?$"
)


def system_name(system: str) -> str:
    """The short name of a code system OID or URI, or the text as given."""
    return SYSTEMS.get(system.strip(), system.strip())


def iso_date(text: str) -> str | None:
    """An HL7 or ISO timestamp as ISO text kept at its own precision, or None if broken.

    "20160902" -> "2016-09-02"; "201609021221-0500" -> "2016-09-02T12:21-05:00";
    "2016-09" stays "2016-09"; "" -> "". A time without a zone stays without one.
    """
    text = text.strip()
    if not text:
        return ""
    match = _HL7_TS.match(text) or _ISO_TS.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    if not _plausible(year, month, day, hour, minute):
        return None
    out = year
    if month:
        out += f"-{month}"
        if day:
            out += f"-{day}"
            if hour:
                out += f"T{hour}:{minute or '00'}"
                if second:
                    out += f":{second}"
                if zone:
                    out += "Z" if zone == "Z" else f"{zone[:3]}:{zone[-2:]}"
    return out


def _plausible(year: str, month: str | None, day: str | None, hour: str | None,
               minute: str | None) -> bool:  # fmt: skip
    if not 1800 <= int(year) <= 2200:
        return False
    if month and not 1 <= int(month) <= 12:
        return False
    if day and not 1 <= int(day) <= 31:
        return False
    if hour and int(hour) > 24:
        return False
    return not (minute and int(minute) > 59)


def number(text: object) -> float | None:
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


VITAL_NAMES = {
    "8480-6": "Systolic blood pressure", "8462-4": "Diastolic blood pressure",
    "8867-4": "Heart rate", "9279-1": "Respiratory rate", "8310-5": "Body temperature",
    "8302-2": "Body height", "8306-3": "Body height (lying)", "29463-7": "Body weight",
    "3141-9": "Body weight (measured)", "39156-5": "Body mass index",
    "59408-5": "Oxygen saturation (pulse oximetry)", "2710-2": "Oxygen saturation",
    "8287-5": "Head circumference", "9843-4": "Head circumference",
    "85354-9": "Blood pressure panel", "8716-3": "Vital signs",
}  # fmt: skip
SHORT_SYSTEM_LABELS = {"rxnorm": "RxNorm", "snomed": "SNOMED CT", "loinc": "LOINC",
                       "icd10": "ICD-10", "icd9": "ICD-9", "cvx": "CVX", "ndc": "NDC",
                       "cpt": "CPT"}  # fmt: skip


def name_for_code(code: str, system: str) -> str:
    """Words for a code given without any: a known vital sign, else "LOINC 8480-6"."""
    if not code:
        return ""
    if system == "loinc" and code in VITAL_NAMES:
        return VITAL_NAMES[code]
    label = SHORT_SYSTEM_LABELS.get(system, "code")
    return f"{label} {code}"


def range_words(low: str, high: str, unit: str) -> str:
    """A normal range in words: "3.9-5.0 mmol/L", "up to 4.5 mmol/L", "at least 1.5"."""
    unit = "" if unit == "1" else unit
    if low and high:
        text = f"{low}-{high}"
    elif high:
        text = f"up to {high}"
    elif low:
        text = f"at least {low}"
    else:
        return ""
    return f"{text} {unit}".strip()
