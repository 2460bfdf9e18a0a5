"""The patient of a clinical document as the clinical reader found it.

C-CDA, FHIR XML and CCR files are read once at import, into the clinical model; the
identity check takes the patient from there instead of parsing the file again.
"""

from __future__ import annotations

from organizer.core.clinical.model import ClinicalDocument, PatientAsNamed, SourceFormat
from organizer.core.identity.ccda import WHERE as WHERE_CDA
from organizer.core.identity.fhir import WHERE_PATIENT as WHERE_FHIR
from organizer.core.identity.found import FoundIdentity, distinct
from organizer.core.importing.guessing import date_from_compact

WHERE = {
    SourceFormat.CDA: WHERE_CDA,
    SourceFormat.FHIR: WHERE_FHIR,
    SourceFormat.CCR: "the CCR patient",
}


def clinical_identities(document: ClinicalDocument) -> tuple[FoundIdentity, ...]:
    """The patients the document names (usually one), as the identity check wants them."""
    where = WHERE[document.format]
    patients = [document.patient, *document.other_patients]
    return distinct([_identity(patient, where) for patient in patients])


def _identity(patient: PatientAsNamed, where: str) -> FoundIdentity:
    dob = date_from_compact(patient.birth_date) if patient.birth_date else None
    return FoundIdentity(
        names=tuple(dict.fromkeys(patient.names)),
        dob=dob if dob is not None and dob.day is not None else None,
        sex=patient.sex,
        patient_id=patient.identifiers[0].value if patient.identifiers else "",
        where=where,
    )
