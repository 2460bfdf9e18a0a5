"""The patient of a DICOM study: PatientName, PatientBirthDate, PatientSex, PatientID."""

from __future__ import annotations

from collections.abc import Iterable

from organizer.core.identity.found import FoundIdentity, distinct
from organizer.core.identity.names import dicom_name
from organizer.core.importing.dicom import DicomHeader
from organizer.core.importing.guessing import date_from_compact

WHERE = "the DICOM PatientName"
# what anonymising tools and test generators write instead of a name
NO_NAME = frozenset({"anonymous", "anonymized", "anonymised", "anon", "unknown", "none", "na"})


def dicom_identities(headers: Iterable[DicomHeader]) -> tuple[FoundIdentity, ...]:
    return distinct([_identity(header) for header in headers])


def _identity(header: DicomHeader) -> FoundIdentity:
    name = dicom_name(header.patient_name)
    if name.replace(" ", "").casefold() in NO_NAME or any(char.isdigit() for char in name):
        name = ""  # anonymised, or a code such as "PAT001" where the name should be
    dob = date_from_compact(header.patient_birth_date) if header.patient_birth_date else None
    return FoundIdentity(
        names=(name,) if name else (),
        dob=dob if dob is not None and dob.day is not None else None,
        sex=header.patient_sex,
        patient_id=header.patient_id,
        where=WHERE,
    )
