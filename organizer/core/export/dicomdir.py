"""A DICOMDIR for each exported imaging study that lists exactly the files in its folder.

A CD's own DICOMDIR indexes everything on the CD; copied into one study's folder it
would list files that are not there, and loose DICOM files come with none. So the
CD's index is never copied: a new one is built with pydicom's FileSet from the study's
files as they are laid out on the stick (pixel data is not read), and written with
each record's ReferencedFileID pointing at the file's place in the study folder.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

NAME = "DICOMDIR"


@dataclass
class StudyIndex:
    data: bytes
    """The DICOMDIR file's bytes; empty when no file of the study could be indexed."""
    listed: list[PurePosixPath] = field(default_factory=list)
    left_out: list[PurePosixPath] = field(default_factory=list)
    """Files kept in the folder that a DICOMDIR cannot list (not DICOM part 10 objects)."""


def is_dicomdir(path: PurePosixPath) -> bool:
    return path.name.upper() == NAME


def study_index(files: Iterable[tuple[Path, PurePosixPath]]) -> StudyIndex:
    """A DICOMDIR for ``files``: (where to read each one, its path within the study folder)."""
    # pydicom is imported only for packets with imaging studies: it is a large import
    from pydicom import dcmread
    from pydicom.errors import InvalidDicomError
    from pydicom.filebase import DicomFileLike
    from pydicom.fileset import FileSet

    file_set = FileSet()
    index = StudyIndex(b"")
    places: dict[str, PurePosixPath] = {}
    for source, relative in files:
        try:
            dataset = dcmread(source, stop_before_pixels=True)
            instance = file_set.add(dataset)
        except (InvalidDicomError, ValueError, AttributeError, KeyError, TypeError, OSError):
            index.left_out.append(relative)
            continue
        places[instance.SOPInstanceUID] = relative
        index.listed.append(relative)
    if not places:
        return index
    for instance in file_set:
        instance.node._record.ReferencedFileID = list(places[instance.SOPInstanceUID].parts)
    buffer = io.BytesIO()
    file_set._write_dicomdir(DicomFileLike(buffer))
    index.data = buffer.getvalue()
    return index
