"""Checking a whole library, and repairing what can be repaired without losing anything.

The check reads; it never writes. It looks at the database (SQLite's integrity check and
foreign keys), every stored file a document needs (there, and still the content its name
promises), stored files no document needs (orphans), what interrupted work left behind
(``.tmp-*``), thumbnails and print copies (of a known file, and whole), and whether the
folder is private. ``repair`` then removes only what can always be made again or was
never the person's: orphans, leftovers, derived files, open permissions. A missing or
damaged original, or a damaged database, is reported in plain words with what to do.
"""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from organizer.core.atomic import TEMP_PREFIX
from organizer.core.damage import damaged_file_words
from organizer.core.derived import (
    PRINT_COPIES_FOLDER,
    THUMBNAILS_FOLDER,
    print_copy_path,
    seal_intact,
)
from organizer.core.filestore import is_sha256, sha256_of
from organizer.core.library import AUTO_BACKUP_FOLDER, Library
from organizer.core.tidying import make_private_tree, remove_temporaries

Progress = Callable[[int, int, str], None]

# kinds of finding; the repairable ones are those ``repair`` may act on
DATABASE = "database"
FOREIGN_KEYS = "foreign-keys"
MISSING = "missing-file"
DAMAGED = "damaged-file"
ORPHAN = "orphan-file"
LEFTOVER = "leftover"
DERIVED = "derived-file"
PERMISSIONS = "permissions"
REPAIRABLE = frozenset({ORPHAN, LEFTOVER, DERIVED, PERMISSIONS})


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    path: str = ""

    @property
    def repairable(self) -> bool:
        return self.kind in REPAIRABLE


@dataclass
class LibraryReport:
    findings: list[Finding] = field(default_factory=list)
    repaired: list[Finding] = field(default_factory=list)
    stored_files: int = 0

    @property
    def healthy(self) -> bool:
        return not self.findings

    def lines(self) -> list[str]:
        """The report in plain words, one line each."""
        lines = [f"repaired: {finding.message}" for finding in self.repaired]
        lines += [
            f"{'can be repaired' if f.repairable else 'problem'}: {f.message}"
            for f in self.findings
        ]
        verdict = "healthy" if self.healthy else f"{len(self.findings)} problem(s) found"
        lines.append(f"checked {self.stored_files} stored files: the library is {verdict}")
        return lines

    def to_json(self) -> dict[str, object]:
        def shown(finding: Finding) -> dict[str, object]:
            return {
                "kind": finding.kind,
                "message": finding.message,
                "path": finding.path,
                "repairable": finding.repairable,
            }

        return {
            "healthy": self.healthy,
            "stored_files": self.stored_files,
            "problems": [shown(finding) for finding in self.findings],
            "repaired": [shown(finding) for finding in self.repaired],
        }


def _no_progress(done: int, total: int, text: str) -> None:
    return None


def check_library(library: Library, progress: Progress = _no_progress) -> LibraryReport:
    report = LibraryReport()
    report.findings += _database(library)
    report.findings += _stored_files(library, report, progress)
    report.findings += _leftovers(library.root)
    report.findings += _derived(library)
    report.findings += _permissions(library.root)
    return report


def repair_library(
    library: Library, before: LibraryReport | None = None, progress: Progress = _no_progress
) -> LibraryReport:
    """Repair what is safe (the caller holds the library's lock), then check again.

    ``before`` is a check made earlier (opening the library with its lock already tidies
    some things, which the report should still name as repaired).
    """
    before = before or check_library(library, progress)
    for finding in before.findings:
        if finding.kind in (ORPHAN, DERIVED) and finding.path:
            Path(finding.path).unlink(missing_ok=True)
    remove_temporaries(library.root)
    remove_temporaries(library.root / AUTO_BACKUP_FOLDER)
    library.store.remove_leftover_temporaries()
    for name in (THUMBNAILS_FOLDER, PRINT_COPIES_FOLDER):
        remove_temporaries(library.root / name)
    make_private_tree(library.root)
    library.root.chmod(0o700)
    after = check_library(library, progress)
    remaining = {(finding.kind, finding.message) for finding in after.findings}
    after.repaired = [f for f in before.findings if (f.kind, f.message) not in remaining]
    return after


def _database(library: Library) -> list[Finding]:
    found: list[Finding] = []
    try:
        rows = [row[0] for row in library._execute("PRAGMA integrity_check").fetchall()]
        keys = library._execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [Finding(DATABASE, f"the database cannot be read ({error}); restore a backup")]
    if rows != ["ok"]:
        found.append(
            Finding(
                DATABASE,
                f"the database fails SQLite's own check ({rows[0]}); restore a backup "
                "(File > Backups, or second-look-cli restore)",
            )
        )
    tables: dict[str, int] = {}
    for row in keys:
        tables[str(row[0])] = tables.get(str(row[0]), 0) + 1
    for table, count in sorted(tables.items()):
        found.append(
            Finding(
                FOREIGN_KEYS,
                f"{count} row(s) of {table} refer to records that no longer exist",
            )
        )
    return found


def _stored_files(library: Library, report: LibraryReport, progress: Progress) -> list[Finding]:
    found: list[Finding] = []
    needed = sorted(
        {str(row[0]) for row in library._execute("SELECT sha256 FROM document_files").fetchall()}
    )
    report.stored_files = len(needed)
    for done, sha in enumerate(needed, start=1):
        progress(done, len(needed), sha[:12])
        if not is_sha256(sha):
            found.append(Finding(DATABASE, f"a file row names {sha[:20]!r}, not a checksum"))
            continue
        path = library.store.path_for(sha)
        words = damaged_file_words(library, sha)
        try:
            intact = sha256_of(path) == sha
        except FileNotFoundError:
            found.append(
                Finding(
                    MISSING,
                    f"the stored copy of {words} is missing; import the original file again",
                    str(path),
                )
            )
            continue
        except OSError as error:
            found.append(
                Finding(
                    DAMAGED,
                    f"the stored copy of {words} cannot be read ({error.strerror or error})",
                    str(path),
                )
            )
            continue
        if not intact:
            found.append(
                Finding(
                    DAMAGED,
                    f"the stored copy of {words} is damaged (its checksum "
                    "changed); import the original file again to repair it",
                    str(path),
                )
            )
    referenced = library.referenced_files()
    for sha in library.store.all_hashes():
        if sha not in referenced:
            path = library.store.path_for(sha)
            found.append(
                Finding(ORPHAN, f"a stored file no document uses ({sha[:12]}…)", str(path))
            )
    return found


def _leftovers(root: Path) -> list[Finding]:
    found: list[Finding] = []
    folders = [root, root / AUTO_BACKUP_FOLDER, root / "files"]
    folders += [root / THUMBNAILS_FOLDER, root / PRINT_COPIES_FOLDER]
    for folder in folders:
        with contextlib.suppress(OSError):
            for item in sorted(folder.iterdir()):
                if item.name.startswith(TEMP_PREFIX):
                    found.append(
                        Finding(
                            LEFTOVER,
                            f"a temporary file left by interrupted work: {item.relative_to(root)}",
                            str(item),
                        )
                    )
    return found


def _derived(library: Library) -> list[Finding]:
    found: list[Finding] = []
    referenced = library.referenced_files()
    for name in (THUMBNAILS_FOLDER, PRINT_COPIES_FOLDER):
        folder = library.root / name
        for item in sorted(folder.iterdir()) if folder.is_dir() else []:
            if item.name.startswith(TEMP_PREFIX):
                continue  # a leftover, reported above
            relative = f"{name}/{item.name}"
            if item.stem not in referenced:
                found.append(Finding(DERIVED, f"{relative} belongs to no document", str(item)))
            elif item == print_copy_path(library.root, item.stem) and not _sealed(item):
                found.append(
                    Finding(
                        DERIVED, f"{relative} is damaged (it is made again when needed)", str(item)
                    )
                )
    return found


def _sealed(path: Path) -> bool:
    try:
        return seal_intact(path.read_bytes())
    except OSError:
        return False


def _permissions(root: Path) -> list[Finding]:
    try:
        mode = stat.S_IMODE(root.stat().st_mode)
    except OSError:
        return []
    if mode & 0o077:
        return [
            Finding(
                PERMISSIONS,
                f"the library folder is open to other users ({oct(mode)}); "
                "it should be yours alone",
                str(root),
            )
        ]
    return []
