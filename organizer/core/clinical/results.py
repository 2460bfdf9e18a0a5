"""The Results store: lab results and vital signs the person accepted from their files."""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.records import Person, Record


@dataclass(kw_only=True)
class LabResult(Record):
    TABLE = "results"
    LABEL = "result"
    ORDER = "test COLLATE NOCASE, date, id"
    PARENT = ("person_id", Person)

    person_id: int
    kind: str = "result"
    """"result" or "vital-sign"."""
    test: str
    code: str = ""
    code_system: str = ""
    value: str = ""
    numeric: float | None = None
    unit: str = ""
    reference_range: str = ""
    low: float | None = None
    high: float | None = None
    interpretation: str = ""
    date: str = ""
    """ISO, possibly partial or with a time, as the file gave it."""
    panel: str = ""
