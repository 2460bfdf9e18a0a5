"""A patient as one file names them: the name (and other names), birth date, sex and id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput


@dataclass(frozen=True)
class FoundIdentity:
    names: tuple[str, ...] = ()
    """How the file writes the patient's name; the first is the one shown."""
    dob: PartialDate | None = None
    other_dobs: tuple[PartialDate, ...] = ()
    """Other readings of an ambiguous written date (04/09/1961: April 9 or 4 September)."""
    sex: str = ""
    patient_id: str = ""
    where: str = ""
    """Where in the file it was read, e.g. "the C-CDA recordTarget"."""

    @property
    def name(self) -> str:
        return self.names[0] if self.names else ""

    @property
    def empty(self) -> bool:
        return not self.names and self.dob is None

    def describe(self) -> str:
        """ "Jeremy Bates, born 1961-04-09": what the file says, as the import line shows it."""
        born = f"born {self.dob.to_storage()}" if self.dob is not None else ""
        if self.name and born:
            return f"{self.name}, {born}"
        return self.name or (f"someone {born}" if born else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "dob": self.dob.to_storage() if self.dob else None,
            "other_dobs": [date.to_storage() for date in self.other_dobs],
            "sex": self.sex,
            "patient_id": self.patient_id,
            "where": self.where,
        }

    @classmethod
    def from_json(cls, data: Any) -> FoundIdentity | None:
        if not isinstance(data, Mapping):
            return None
        names = data.get("names")
        return cls(
            names=tuple(str(n) for n in names) if isinstance(names, list) else (),
            dob=_date(data.get("dob")),
            other_dobs=tuple(
                d for d in (_date(v) for v in data.get("other_dobs") or []) if d is not None
            ),
            sex=str(data.get("sex") or ""),
            patient_id=str(data.get("patient_id") or ""),
            where=str(data.get("where") or ""),
        )


def _date(value: Any) -> PartialDate | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return PartialDate.parse(value)
    except InvalidInput:
        return None


def distinct(found: list[FoundIdentity]) -> tuple[FoundIdentity, ...]:
    """Drop empty and repeated identities, keeping the order they were found in."""
    kept: list[FoundIdentity] = []
    for item in found:
        if not item.empty and item not in kept:
            kept.append(item)
    return tuple(kept)
