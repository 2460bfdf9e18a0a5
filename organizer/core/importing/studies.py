"""Gathering DICOM files into one imaging-study document per StudyInstanceUID.

Files of a study can arrive in any order and folder; the collector keeps only their
small header facts until the end of the dropped folder or zip, then makes one prepared
document per study. Relative paths are taken from the folder holding the DICOMDIR (or
the dropped folder when there is none), so the CD can be written back exactly as it
came; the DICOMDIR itself is kept with every study it indexes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from organizer.core.details import DocumentDetails
from organizer.core.identity.dicom import dicom_identities
from organizer.core.identity.documents import remember_found
from organizer.core.importing import details as keys
from organizer.core.importing.dicom import DicomDirIndex, DicomHeader
from organizer.core.importing.guessing import date_from_compact
from organizer.core.importing.model import (
    FileOutcome,
    Outcome,
    PreparedDocument,
    PreparedFile,
    PreparedItem,
    StudyFile,
)
from organizer.core.records import Document
from organizer.core.vocab import Category


@dataclass
class _Study:
    uid: str
    headers: list[DicomHeader] = field(default_factory=list)
    files: list[tuple[PreparedFile, tuple[str, ...]]] = field(default_factory=list)


class StudyCollector:
    def __init__(self, source: str) -> None:
        self.source = source
        self.studies: dict[str, _Study] = {}
        self.dicomdirs: list[tuple[PreparedFile, DicomDirIndex, tuple[str, ...]]] = []

    @property
    def empty(self) -> bool:
        return not self.studies and not self.dicomdirs

    def add_file(self, prepared: PreparedFile, header: DicomHeader, parts: tuple[str, ...]) -> None:
        study = self.studies.setdefault(header.study_uid, _Study(header.study_uid))
        study.headers.append(header)
        prepared.study_file = StudyFile(
            series_uid=header.series_uid,
            series_number=header.series_number,
            series_description=header.series_description,
            modality=header.modality,
            is_image=header.is_image,
        )
        study.files.append((prepared, parts))

    def add_dicomdir(
        self, prepared: PreparedFile, index: DicomDirIndex, parts: tuple[str, ...]
    ) -> None:
        self.dicomdirs.append((prepared, index, parts))

    def all_files(self) -> Iterator[PreparedFile]:
        for study in self.studies.values():
            for prepared, _ in study.files:
                yield prepared
        for prepared, _, _ in self.dicomdirs:
            yield prepared

    def finish(self) -> Iterator[PreparedItem]:
        folders = [parts[:-1] for _, _, parts in self.dicomdirs]
        documents: dict[str, PreparedDocument] = {}
        for uid, study in self.studies.items():
            for prepared, parts in study.files:
                prepared.relative_path = _relative(parts, folders)
            study.files.sort(key=lambda item: item[0].relative_path)
            documents[uid] = PreparedDocument(
                document=study_document(study.headers, self.source),
                files=[prepared for prepared, _ in study.files],
                study_uid=uid,
            )
        for prepared, index, parts in self.dicomdirs:
            folder = parts[:-1]
            owners = [
                uid
                for uid, study in self.studies.items()
                if uid in index.study_uids
                or any(p[: len(folder)] == folder for _, p in study.files)
            ]
            if not owners:
                yield FileOutcome(
                    prepared.path,
                    Outcome.REJECTED,
                    reason=(
                        f"this DICOMDIR is the index of an imaging CD and lists "
                        f"{len(index.files)} files, but none of its images came with it; "
                        "import the whole CD folder"
                    ),
                )
                continue
            prepared.relative_path = parts[-1]
            for position, uid in enumerate(owners):
                copy = dataclasses.replace(prepared, report=position == 0)
                documents[uid].files.append(copy)
        yield from documents.values()


def _relative(parts: tuple[str, ...], dicomdir_folders: list[tuple[str, ...]]) -> str:
    best: tuple[str, ...] | None = None
    for folder in dicomdir_folders:
        inside = parts[: len(folder)] == folder and len(parts) > len(folder)
        if inside and (best is None or len(folder) > len(best)):
            best = folder
    return "/".join(parts[len(best) :] if best is not None else parts)


def _first(headers: list[DicomHeader], name: str) -> str:
    for header in headers:
        value = getattr(header, name)
        if value:
            return str(value)
    return ""


def study_document(headers: list[DicomHeader], source: str) -> Document:
    """The study's document row; the series counts are filled in at commit."""
    image_modalities = sorted({h.modality for h in headers if h.modality and h.is_image})
    modalities = image_modalities or sorted({h.modality for h in headers if h.modality})
    modality = ", ".join(modalities)
    description = _first(headers, "study_description")
    body_part = _first(headers, "body_part")
    raw_date = _first(headers, "study_date")
    date = date_from_compact(raw_date) if raw_date else None
    title = description or f"{modality or 'DICOM'} imaging study"
    if body_part and body_part.lower() not in title.lower():
        title += f" ({body_part.lower()})"
    reasons = [f"category from DICOM files (modality {modality or 'not stated'})"]
    if date is not None:
        reasons.append("date from the DICOM study date")
    study_details: dict[str, Any] = {
        keys.STUDY_UID: headers[0].study_uid,
        keys.STUDY_DATE: date.to_storage() if date and date.day else "",
        keys.MODALITY: modality,
        keys.DESCRIPTION: description,
        keys.BODY_PART: body_part,
        keys.INSTITUTION: _first(headers, "institution"),
        keys.SERIES: [],
        keys.SERIES_COUNT: 0,
        keys.IMAGE_COUNT: 0,
        keys.DICOMDIR: False,
    }
    document = Document(
        person_id=0,
        title=title,
        category=Category.IMAGING_STUDY,
        date=date,
        source=source,
        guess_reason="; ".join(reasons),
        modality=modality,
        body_part=body_part,
        details=DocumentDetails.of(study_details),
    )
    remember_found(document, dicom_identities(headers))
    return document


def add_to_series(study_details: dict[str, Any], prepared: PreparedFile) -> None:
    """Count one committed file into the study's series list."""
    if prepared.study_file is None:
        study_details[keys.DICOMDIR] = True
        return
    info = prepared.study_file
    series: list[dict[str, Any]] = study_details.setdefault(keys.SERIES, [])
    entry = next((s for s in series if s.get("uid") == info.series_uid), None)
    if entry is None:
        entry = {
            "uid": info.series_uid,
            "number": info.series_number,
            "description": info.series_description,
            "modality": info.modality,
            "images": 0,
            "objects": 0,
        }
        series.append(entry)
        series.sort(key=lambda s: (s.get("number") is None, s.get("number") or 0, s["uid"]))
    entry["images" if info.is_image else "objects"] += 1
    study_details[keys.SERIES_COUNT] = len(series)
    study_details[keys.IMAGE_COUNT] = sum(int(s.get("images", 0)) for s in series)
