"""Extraction counts over the sample C-CDA, XDM and FHIR files, against independent counts.

The expected numbers are counted here without the app's reader: XPath over the C-CDA
entries (lxml, the samples are trusted test files) and resource counts over the FHIR
JSON. The reader must find at least 95% of them overall, and never more than exist.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from organizer.core.clinical.model import ClinicalDocument
from organizer.core.clinical.reading import read_clinical

NS = {"v3": "urn:hl7-org:v3"}
KINDS = ("medications", "allergies", "problems", "results")

# Sections by templateId root (C-CDA R1.1/R2.1 and CCD 1.0), then by LOINC section code.
SECTION = {
    "medications": (("2.16.840.1.113883.10.20.22.2.1", "2.16.840.1.113883.10.20.22.2.1.1",
                     "2.16.840.1.113883.10.20.1.8",
                     # at discharge, on admission, given in hospital
                     "2.16.840.1.113883.10.20.22.2.11", "2.16.840.1.113883.10.20.22.2.11.1",
                     "2.16.840.1.113883.10.20.22.2.44", "2.16.840.1.113883.10.20.22.2.38"),
                    "10160-0"),
    "allergies": (("2.16.840.1.113883.10.20.22.2.6", "2.16.840.1.113883.10.20.22.2.6.1",
                   "2.16.840.1.113883.10.20.1.2"), "48765-2"),
    "problems": (("2.16.840.1.113883.10.20.22.2.5", "2.16.840.1.113883.10.20.22.2.5.1",
                  "2.16.840.1.113883.10.20.1.11",
                  # diagnoses at discharge and on admission
                  "2.16.840.1.113883.10.20.22.2.24", "2.16.840.1.113883.10.20.22.2.43"),
                 "11450-4"),
    "results": (("2.16.840.1.113883.10.20.22.2.3", "2.16.840.1.113883.10.20.22.2.3.1",
                 "2.16.840.1.113883.10.20.1.14"), "30954-2"),
}  # fmt: skip
# What one counted entry is, inside its section.
ENTRY_XPATH = {
    # a medication taken (a negated one says "no medications"); the free-text sig of a
    # medication is a substanceAdministration inside it, not a medication of its own
    "medications": ".//v3:substanceAdministration[not(ancestor::v3:substanceAdministration)]"
    "[not(@negationInd='true')]",
    # every allergy observation, "no known allergies" included
    "allergies": ".//v3:observation[v3:templateId/@root='2.16.840.1.113883.10.20.22.4.7' "
    "or v3:templateId/@root='2.16.840.1.113883.10.20.1.18']",
    # every problem observation that is not a "no known problems" statement
    "problems": ".//v3:observation[(v3:templateId/@root='2.16.840.1.113883.10.20.22.4.4' "
    "or v3:templateId/@root='2.16.840.1.113883.10.20.1.28') and not(@negationInd='true')]",
    # every result observation, in a panel or on its own
    "results": "v3:entry/v3:organizer/v3:component/v3:observation | v3:entry/v3:observation",
}


def cda_counts(root: Any) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for kind, (templates, loinc) in SECTION.items():
        roots = " or ".join(f"v3:templateId/@root='{t}'" for t in templates)
        sections = root.xpath(
            f"//v3:section[{roots} or (not(v3:templateId) and v3:code/@code='{loinc}')]",
            namespaces=NS,
        )
        for section in sections:
            counts[kind] += len(section.xpath(ENTRY_XPATH[kind], namespaces=NS))
    return counts


def fhir_resources(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict) and value.get("resourceType") == "Bundle":
        for entry in value.get("entry") or []:
            yield from fhir_resources(entry.get("resource"))
    elif isinstance(value, dict) and value.get("resourceType"):
        yield value


def _categories(resource: dict[str, Any]) -> set[str]:
    return {
        coding.get("code")
        for concept in resource.get("category") or []
        for coding in concept.get("coding") or []
    }


def fhir_counts(data: Any) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for resource in fhir_resources(data):
        kind = resource["resourceType"]
        if kind in ("MedicationRequest", "MedicationStatement", "MedicationOrder"):
            counts["medications"] += 1
        elif kind == "AllergyIntolerance":
            counts["allergies"] += 1
        elif kind == "Condition":
            counts["problems"] += 1
        elif kind == "Observation":
            categories = _categories(resource)
            if not categories or "laboratory" in categories:
                counts["results"] += 1
    return counts


def sample_files(samples: Path, tmp: Path) -> list[tuple[str, Path, dict[str, int]]]:
    found = []
    for path in sorted((samples / "ccda").iterdir()):
        found.append((path.name, path, cda_counts(etree.parse(str(path)))))
    for archive in sorted((samples / "xdm").iterdir()):
        with zipfile.ZipFile(archive) as opened:
            for name in opened.namelist():
                upper = name.upper().replace("\\", "/")
                if upper.endswith(".XML") and not upper.endswith("METADATA.XML"):
                    target = tmp / f"{archive.stem}-{upper.rsplit('/', 1)[-1]}"
                    target.write_bytes(opened.read(name))
                    found.append((target.name, target, cda_counts(etree.parse(str(target)))))
    for path in sorted((samples / "fhir").iterdir()):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append((path.name, path, fhir_counts(data)))
    return found


def extracted(document: ClinicalDocument) -> dict[str, int]:
    return {
        "medications": len(document.medications),
        "allergies": len(document.allergies),
        "problems": len(document.problems),
        "results": len(document.results),
    }


def test_at_least_95_percent_of_entries_overall(samples: Path, tmp_path: Path) -> None:
    expected_total = found_total = 0
    lines = []
    for name, path, expected in sample_files(samples, tmp_path):
        document = read_clinical(path)
        assert document is not None, name
        got = extracted(document)
        for kind in KINDS:
            # never more than the file holds: nothing invented, nothing counted twice
            assert got[kind] <= expected[kind], (name, kind, got[kind], expected[kind])
            expected_total += expected[kind]
            found_total += got[kind]
        lines.append(f"{name}: {got} of {expected}")
    assert expected_total > 150, "the samples should hold a meaningful number of entries"
    assert found_total >= 0.95 * expected_total, "\n".join(lines)


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("hl7__CCD.XML", {"medications": 2, "allergies": 2, "problems": 4, "results": 6}),
        ("hl7__Discharge_Summary.xml",
         {"medications": 1, "allergies": 3, "problems": 4, "results": 0}),
        ("hl7__Progress_Note.xml",
         {"medications": 2, "allergies": 2, "problems": 3, "results": 6}),
    ],
)  # fmt: skip
def test_hl7_examples_match_their_entries_exactly(
    samples: Path, name: str, counts: dict[str, int]
) -> None:
    path = samples / "ccda" / name
    assert cda_counts(etree.parse(str(path))) == counts
    document = read_clinical(path)
    assert document is not None
    assert extracted(document) == counts
