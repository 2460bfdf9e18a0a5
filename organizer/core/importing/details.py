"""The keys import writes into ``Document.details`` (a JSON object, read back typed as
``organizer.core.details.DocumentDetails``).

Imaging studies (category imaging-study):
    study_uid     StudyInstanceUID shared by every file of the study
    study_date    DICOM StudyDate as YYYY-MM-DD ("" if absent)
    modality      modalities of the study's images, e.g. "CT" or "CT, MR"
    description   StudyDescription
    body_part     BodyPartExamined (first one found)
    institution   InstitutionName
    series        list of {uid, number, description, modality, images, objects}:
                  ``images`` counts files holding pixel data, ``objects`` the other
                  DICOM objects kept with the study (structured reports, RT plans, ECG)
    series_count  number of series
    image_count   files holding pixel data, all series together
    dicomdir      True when the study's DICOMDIR index was kept with it
PDFs:
    pages         page count (absent when password-protected)
    has_text      False for a scan without a text layer or a password-protected file
Images (photos, scans):
    width, height the size as displayed, EXIF orientation applied
    exif_date     capture date from EXIF as YYYY-MM-DD, or ""
    orientation   the EXIF orientation number (1 = upright)
C-CDA and FHIR documents add ``format`` ("C-CDA" or "FHIR") and, when known,
``type_code`` (LOINC), ``institution``, ``resource_type`` and ``resources``.
Clinical documents (C-CDA, CCR, FHIR) whose entries were read add ``clinical_notes``:
what could not be read or was left out, in words, with the section and entry.
Every document:
    identity_found  the patients its file names, as found (names, dob, sex, patient_id,
                  where); [] when it names no one; absent for documents imported before
                  version 6 until they are read again (organizer/core/identity)
"""

from __future__ import annotations

STUDY_UID = "study_uid"
STUDY_DATE = "study_date"
MODALITY = "modality"
DESCRIPTION = "description"
BODY_PART = "body_part"
INSTITUTION = "institution"
CLINICAL_NOTES = "clinical_notes"
MAX_CLINICAL_NOTES = 200
CLINICAL_PARTIES = "clinical_parties"
"""Who made a clinical document: [{"name", "organisation"}], for the providers list."""
MAX_CLINICAL_PARTIES = 20
SERIES = "series"
SERIES_COUNT = "series_count"
IMAGE_COUNT = "image_count"
DICOMDIR = "dicomdir"
PAGES = "pages"
HAS_TEXT = "has_text"
WIDTH = "width"
HEIGHT = "height"
EXIF_DATE = "exif_date"
ORIENTATION = "orientation"
