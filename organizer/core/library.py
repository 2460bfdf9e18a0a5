"""The library: one folder holding library.sqlite and the content-addressed file store.

This is the core API that the GUI, the CLI and the tests all use. Every public method
that writes runs in one transaction; callers group several into one user action with
``with library.transaction():``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from organizer.core import rowcodec
from organizer.core.atomic import PRIVATE_FOLDER, TEMP_PREFIX, create_private
from organizer.core.dates import PartialDate
from organizer.core.derived import DERIVED_FOLDERS, remove_derived
from organizer.core.errors import InvalidInput, LibraryMissing, NotFound
from organizer.core.filestore import FileStore
from organizer.core.lock import LibraryLock
from organizer.core.records import (
    Document,
    DocumentFile,
    Event,
    Packet,
    Person,
    Question,
    Record,
    Request,
)
from organizer.core.tidying import tidy_library_folder
from organizer.core.upgrade import upgrade_schema
from organizer.core.validation import validate
from organizer.core.vocab import RequestStatus

if TYPE_CHECKING:
    from sqlite_utils import Database

R = TypeVar("R", bound=Record)

DATABASE_NAME = "library.sqlite"
AUTO_BACKUP_FOLDER = "backups"
FILES_NAME = "files"
ENV_VARIABLE = "SECOND_LOOK_LIBRARY"


def default_library_dir() -> Path:
    """Where the library lives unless told otherwise: --library, then the environment."""
    configured = os.environ.get(ENV_VARIABLE)
    if configured:
        return absolute_path(configured)
    from platformdirs import user_data_dir  # only when no folder was given

    return absolute_path(user_data_dir("SecondLook", appauthor=False))


def absolute_path(text: str | Path) -> Path:
    """A path given on a command line, made absolute at once ("records" or "~/records").

    Later steps (backup file URIs, messages naming the folder) need the full path.
    """
    return Path(text).expanduser().absolute()


def now_text() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def today() -> PartialDate:
    return PartialDate.from_date(_dt.date.today())


def connect(path: Path) -> sqlite3.Connection:
    """Open SQLite the way the library needs it: WAL, foreign keys, durable commits.

    A plain connection: sqlite-utils loads only where it does real work (an upgrade).
    """
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils set it before
    connection.row_factory = sqlite3.Row
    return connection


@dataclass
class Captured:
    """Rows saved before a delete: whole rows, and references the delete will set to NULL."""

    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    nulled: list[tuple[str, int, str, int]] = field(default_factory=list)


_FOLLOWS: dict[str, tuple[str, str]] = {"requests": ("request_history", "request_id")}
"""Rows written as a side effect of saving a record: (table, column naming the record)."""


@dataclass(frozen=True)
class Saved(Generic[R]):
    """A stored record as it was, and the rows that change whenever it is saved."""

    record: R
    following: tuple[dict[str, Any], ...] = ()


class Library:
    def __init__(
        self, root: Path, connection: sqlite3.Connection, lock: LibraryLock | None
    ) -> None:
        self.root = root
        self._conn = connection
        self._sqlite_utils: Database | None = None
        self.store = FileStore(root / FILES_NAME)
        self._lock = lock
        self._depth = 0
        self._references: dict[str, list[tuple[str, str, str]]] | None = None

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls, root: Path, *, create: bool = True, lock: bool = True, tidy: bool = True
    ) -> Library:
        """Open (and on first use create) the library; ``lock`` claims it for this process.

        A locked open tidies up after a crash unless ``tidy`` is False (the app does that
        once its window is shown, so a big library does not delay the first paint).
        """
        root = absolute_path(root)
        database = root / DATABASE_NAME
        if not database.is_file():
            if not create:
                raise LibraryMissing(f"There is no Second Look library at {root}.")
            if root.exists() and not root.is_dir():
                raise InvalidInput(f"{root} is a file, not a folder for a library.")
            root.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            create_private(database).close()  # SQLite gives its -wal and -shm these rights
        held: LibraryLock | None = None
        if lock:
            held = LibraryLock(root)
            held.acquire()
        try:
            connection = connect(database)
            upgrade_schema(connection, root / AUTO_BACKUP_FOLDER)
            library = cls(root, connection, held)
            if lock and tidy:
                library.tidy_after_crash()
        except BaseException:
            if held is not None:
                held.release()
            raise
        return library

    @property
    def _db(self) -> Database:
        """sqlite-utils' view of the connection, made on first use (tests and tools)."""
        if self._sqlite_utils is None:
            import sqlite_utils

            self._sqlite_utils = sqlite_utils.Database(self._conn)
        return self._sqlite_utils

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tidy_after_crash(self) -> int:
        """Remove what an interrupted write can leave: temporaries and unreferenced files."""
        removed = tidy_library_folder(self.root, DATABASE_NAME, AUTO_BACKUP_FOLDER)
        removed += self.store.remove_leftover_temporaries()
        referenced = self.referenced_files()
        for sha in list(self.store.all_hashes()):
            if sha not in referenced:
                self.store.remove(sha)
                removed += 1
        return removed + self._tidy_derived(referenced)

    def referenced_files(self) -> set[str]:
        """Stored files a document refers to, here or in an automatic copy of the database.

        Files that only an earlier copy still refers to are kept, so going back to that
        copy brings the documents back whole; they go when the copy is thinned out.
        """
        found = {row[0] for row in self._execute("SELECT sha256 FROM document_files")}
        folder = self.root / AUTO_BACKUP_FOLDER
        for copy in sorted(folder.glob("*.sqlite")) if folder.is_dir() else []:
            try:
                connection = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
                try:
                    rows = connection.execute("SELECT sha256 FROM document_files").fetchall()
                finally:
                    connection.close()
            except sqlite3.Error:
                continue  # a damaged copy cannot be restored anyway
            found.update(row[0] for row in rows)
        return found

    def _tidy_derived(self, referenced: set[str]) -> int:
        """Thumbnails and print copies of files no document refers to, and half-written ones."""
        removed = 0
        for name in DERIVED_FOLDERS:
            folder = self.root / name
            for item in folder.iterdir() if folder.is_dir() else ():
                if item.name.startswith(TEMP_PREFIX) or item.stem not in referenced:
                    item.unlink(missing_ok=True)
                    removed += 1
        return removed

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action: all of it is saved, or none of it. Nests with savepoints."""
        connection = self._conn
        if self._depth == 0:
            connection.execute("BEGIN IMMEDIATE")
        else:
            connection.execute(f"SAVEPOINT level{self._depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if not connection.in_transaction:
                pass  # SQLite already rolled back (a full disk does): keep the first error
            elif self._depth == 0:
                connection.execute("ROLLBACK")
            else:
                connection.execute(f"ROLLBACK TO level{self._depth}")
                connection.execute(f"RELEASE level{self._depth}")
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                connection.execute("COMMIT")
            except BaseException:
                # a refused COMMIT (deferred foreign keys, a full disk) keeps the
                # transaction open; end it, or every later write fails
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        else:
            connection.execute(f"RELEASE level{self._depth}")

    def _execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)

    # -- generic records -------------------------------------------------------------------

    def add(self, record: R) -> int:
        """Insert a record (keeping its id if it has one, which undo relies on)."""
        validate(record)
        self._check_parent(record)
        if isinstance(record, Request) and record.status_date is None:
            record.status_date = today()  # a status is always "since" some day
        row = rowcodec.to_row(record)
        if row.get("id") is None:
            row.pop("id")
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        with self.transaction():
            cursor = self._execute(f"INSERT INTO {record.TABLE} ({names}) VALUES ({marks})", row)
            new_id = cursor.lastrowid
            assert new_id is not None
            record.id = new_id
            self._after_write(record)
        return new_id

    def get(self, cls: type[R], record_id: int) -> R:
        row = self._execute(f"SELECT * FROM {cls.TABLE} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"There is no {cls.LABEL} with id {record_id}.")
        return rowcodec.from_row(cls, row)

    def exists(self, cls: type[Record], record_id: int) -> bool:
        found = self._execute(f"SELECT 1 FROM {cls.TABLE} WHERE id = ?", (record_id,)).fetchone()
        return found is not None

    def update(self, record: Record) -> None:
        if record.id is None:
            raise ValueError("cannot update a record that was never added")
        validate(record)
        self._check_parent(record)
        row = rowcodec.to_row(record)
        assignments = ", ".join(f"{name} = :{name}" for name in row if name != "id")
        with self.transaction():
            cursor = self._execute(f"UPDATE {record.TABLE} SET {assignments} WHERE id = :id", row)
            if cursor.rowcount == 0:
                raise NotFound(f"There is no {record.LABEL} with id {record.id}.")
            self._after_write(record)

    def delete(self, cls: type[Record], record_id: int) -> None:
        with self.transaction():
            cursor = self._execute(f"DELETE FROM {cls.TABLE} WHERE id = ?", (record_id,))
            if cursor.rowcount == 0:
                raise NotFound(f"There is no {cls.LABEL} with id {record_id}.")

    def select(self, cls: type[R]) -> list[R]:
        """Every record of one kind, in its natural order."""
        return self._select(cls)

    def _select(
        self,
        cls: type[R],
        where: str = "",
        params: tuple[Any, ...] = (),
        *,
        limit: int | None = None,
    ) -> list[R]:
        """Records matching a WHERE clause: for core modules, which own the SQL."""
        sql = f"SELECT * FROM {cls.TABLE}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {cls.ORDER}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [rowcodec.from_row(cls, row) for row in self._execute(sql, params)]

    def children(self, cls: type[R], parent_id: int) -> list[R]:
        """Records of ``cls`` that belong to one person or packet (or document)."""
        if cls.PARENT is None:
            raise TypeError(f"{cls.__name__} has no parent")
        column, parent = cls.PARENT
        if not self.exists(parent, parent_id):
            raise NotFound(f"There is no {parent.LABEL} with id {parent_id}.")
        return self._select(cls, f"{column} = ?", (parent_id,))

    def capture(self, cls: type[Record], record_id: int) -> Captured:
        """Copy a record's row and every row a delete would take or change with it.

        ``restore`` puts them all back exactly, which is what undoing a delete needs.
        """
        captured = Captured()
        self._capture(cls.TABLE, "id", record_id, captured)
        return captured

    def restore(self, captured: Captured) -> None:
        with self.transaction():
            # rows can reference several captured parents: check keys at commit, not per row
            self._execute("PRAGMA defer_foreign_keys = ON")
            for table, row in captured.rows:
                names = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                # OR REPLACE: insert triggers may already have made a default row (text_index)
                self._execute(
                    f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})",
                    tuple(row.values()),
                )
            for table, row_id, column, value in captured.nulled:
                self._execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row_id))
            # extracted text lives outside the captured rows: have the index read it again
            documents = [row["id"] for table, row in captured.rows if table == "documents"]
            self._execute(
                "UPDATE text_index SET state = 'pending', generation = generation + 1 "
                f"WHERE document_id IN ({', '.join('?' for _ in documents)})",
                tuple(documents),
            )

    def _capture(self, table: str, column: str, value: int, captured: Captured) -> None:
        rows = self._execute(f"SELECT * FROM {table} WHERE {column} = ?", (value,)).fetchall()
        for found in rows:
            row = dict(found)
            if (table, row) in captured.rows:  # a link row reached from both of its ends
                continue
            captured.rows.append((table, row))
            if "id" not in row:
                continue
            for child_table, child_column, on_delete in self._references_to(table):
                if on_delete == "CASCADE":
                    self._capture(child_table, child_column, row["id"], captured)
                elif on_delete == "SET NULL":
                    for child in self._execute(
                        f"SELECT id FROM {child_table} WHERE {child_column} = ?", (row["id"],)
                    ):
                        captured.nulled.append((child_table, child[0], child_column, row["id"]))

    def _references_to(self, table: str) -> list[tuple[str, str, str]]:
        if self._references is None:
            self._references = {}
            tables = self._execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for (name,) in tables.fetchall():
                for key in self._execute(f"PRAGMA foreign_key_list({name})"):
                    self._references.setdefault(key["table"], []).append(
                        (name, key["from"], key["on_delete"])
                    )
        return self._references.get(table, [])

    def _check_parent(self, record: Record) -> None:
        if record.PARENT is None:
            return
        column, parent = record.PARENT
        parent_id = getattr(record, column)
        if not self.exists(parent, parent_id):
            raise NotFound(f"There is no {parent.LABEL} with id {parent_id}.")

    def _after_write(self, record: Record) -> None:
        if isinstance(record, Request):
            self._record_request_status(record)

    # -- people, packets and what they include ---------------------------------------------

    def add_packet(self, packet: Packet) -> int:
        if not packet.created_at:
            packet.created_at = now_text()
        return self.add(packet)

    def packet_documents(self, packet_id: int) -> list[Document]:
        """The person's documents this packet includes: all of them unless excluded."""
        packet = self.get(Packet, packet_id)
        return self._select(
            Document,
            "person_id = ? AND trashed_at IS NULL AND id NOT IN "
            "(SELECT document_id FROM packet_excluded_documents WHERE packet_id = ?)",
            (packet.person_id, packet_id),
        )

    def packet_events(self, packet_id: int) -> list[Event]:
        packet = self.get(Packet, packet_id)
        return self._select(
            Event,
            "person_id = ? AND id NOT IN "
            "(SELECT event_id FROM packet_excluded_events WHERE packet_id = ?)",
            (packet.person_id, packet_id),
        )

    def set_document_included(self, packet_id: int, document_id: int, included: bool) -> None:
        self._set_included(
            "packet_excluded_documents", "document_id", packet_id, document_id, included
        )

    def set_event_included(self, packet_id: int, event_id: int, included: bool) -> None:
        self._set_included("packet_excluded_events", "event_id", packet_id, event_id, included)

    def _set_included(
        self, table: str, column: str, packet_id: int, item_id: int, included: bool
    ) -> None:
        with self.transaction():
            if included:
                self._execute(
                    f"DELETE FROM {table} WHERE packet_id = ? AND {column} = ?",
                    (packet_id, item_id),
                )
            else:
                self._execute(
                    f"INSERT OR IGNORE INTO {table} (packet_id, {column}) VALUES (?, ?)",
                    (packet_id, item_id),
                )

    # -- questions and requests -----------------------------------------------------------

    def add_question(self, packet_id: int, text: str) -> int:
        """Append a question at the end of the packet's list."""
        if not text.strip():
            raise InvalidInput("A question needs some text.")
        with self.transaction():
            position = self.next_question_position(packet_id)
            return self.add(Question(packet_id=packet_id, text=text.strip(), position=position))

    def next_question_position(self, packet_id: int) -> int:
        """Where a new question goes: after every one already numbered in the packet."""
        row = self._execute(
            "SELECT coalesce(max(position), -1) + 1 FROM questions WHERE packet_id = ?",
            (packet_id,),
        ).fetchone()
        return int(row[0])

    def move_question(self, question_id: int, new_index: int) -> None:
        question = self.get(Question, question_id)
        with self.transaction():
            ordered = [q.id for q in self.children(Question, question.packet_id)]
            ordered.remove(question_id)
            ordered.insert(max(0, min(new_index, len(ordered))), question_id)
            for position, item_id in enumerate(ordered):
                self._execute("UPDATE questions SET position = ? WHERE id = ?", (position, item_id))

    def set_question_positions(self, positions: dict[int, int]) -> None:
        """Number questions as given (question id to position): undoing a move needs it."""
        with self.transaction():
            for question_id, position in positions.items():
                self._execute(
                    "UPDATE questions SET position = ? WHERE id = ?", (position, question_id)
                )

    def request_history(self, request_id: int) -> list[tuple[RequestStatus, PartialDate]]:
        rows = self._execute(
            "SELECT status, on_date FROM request_history WHERE request_id = ? ORDER BY id",
            (request_id,),
        )
        return [(RequestStatus(row[0]), PartialDate.parse(row[1])) for row in rows]

    def saved(self, cls: type[R], record_id: int) -> Saved[R]:
        """A stored record as it is now, with the rows that change along with it.

        Saving a request adds to its status history; ``put_back`` takes that back too,
        so an undo needs to know nothing of it.
        """
        record = self.get(cls, record_id)
        follows = _FOLLOWS.get(cls.TABLE)
        rows: list[dict[str, Any]] = []
        if follows is not None:
            table, column = follows
            found = self._execute(
                f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id", (record_id,)
            )
            rows = [dict(row) for row in found]
        return Saved(record, tuple(rows))

    def put_back(self, saved: Saved[Any]) -> None:
        """Store a record and the rows that follow it exactly as ``saved`` found them."""
        record: Record = saved.record
        with self.transaction():
            self.update(record)
            follows = _FOLLOWS.get(record.TABLE)
            if follows is None:
                return
            table, column = follows
            self._execute(f"DELETE FROM {table} WHERE {column} = ?", (record.id,))
            for row in saved.following:
                names = ", ".join(row)
                marks = ", ".join(f":{name}" for name in row)
                self._execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", row)

    def _record_request_status(self, request: Request) -> None:
        last = self._execute(
            "SELECT status FROM request_history WHERE request_id = ? ORDER BY id DESC LIMIT 1",
            (request.id,),
        ).fetchone()
        if last is None or last[0] != request.status.value:
            on = request.status_date or today()
            self._execute(
                "INSERT INTO request_history (request_id, status, on_date) VALUES (?, ?, ?)",
                (request.id, request.status.value, on.to_storage()),
            )

    # -- documents, files and the trash ----------------------------------------------------

    def add_document(self, document: Document) -> int:
        if not document.added_at:
            document.added_at = now_text()
        return self.add(document)

    def document_files(self, document_id: int) -> list[DocumentFile]:
        return self.children(DocumentFile, document_id)

    def documents_with_file(self, sha256: str) -> list[int]:
        rows = self._execute(
            "SELECT DISTINCT document_id FROM document_files WHERE sha256 = ? ORDER BY 1",
            (sha256,),
        )
        return [row[0] for row in rows]

    def link_event_document(self, event_id: int, document_id: int, linked: bool = True) -> None:
        with self.transaction():
            if linked:
                self._execute(
                    "INSERT OR IGNORE INTO event_documents (event_id, document_id) VALUES (?, ?)",
                    (event_id, document_id),
                )
            else:
                self._execute(
                    "DELETE FROM event_documents WHERE event_id = ? AND document_id = ?",
                    (event_id, document_id),
                )

    def event_document_ids(self, event_id: int) -> list[int]:
        rows = self._execute(
            "SELECT document_id FROM event_documents WHERE event_id = ? ORDER BY 1", (event_id,)
        )
        return [row[0] for row in rows]

    def document_event_ids(self, document_id: int) -> list[int]:
        """The timeline events a document is linked to."""
        rows = self._execute(
            "SELECT event_id FROM event_documents WHERE document_id = ? ORDER BY 1",
            (document_id,),
        )
        return [row[0] for row in rows]

    def trash_document(self, document_id: int) -> None:
        """Deleting a document only moves it to the trash; its files stay until emptied."""
        document = self.get(Document, document_id)
        document.trashed_at = now_text()
        self.update(document)

    def restore_document(self, document_id: int) -> None:
        document = self.get(Document, document_id)
        document.trashed_at = None
        self.update(document)

    def trashed_documents(self, person_id: int | None = None) -> list[Document]:
        if person_id is None:
            return self._select(Document, "trashed_at IS NOT NULL")
        return self._select(Document, "trashed_at IS NOT NULL AND person_id = ?", (person_id,))

    def empty_trash(self) -> int:
        """Forget trashed documents for good, and the stored files nothing else refers to.

        An automatic copy of the database that still lists a document keeps its files
        until that copy is thinned out (see ``referenced_files``).
        """
        with self.transaction():
            doomed = [doc.id for doc in self.trashed_documents()]
            shas = {
                row[0]
                for row in self._execute(
                    "SELECT sha256 FROM document_files WHERE document_id IN "
                    "(SELECT id FROM documents WHERE trashed_at IS NOT NULL)"
                )
            }
            self._execute("DELETE FROM documents WHERE trashed_at IS NOT NULL")
        for sha in shas - self.referenced_files():
            self.store.remove(sha)
            remove_derived(self.root, sha)
        return len(doomed)

    # -- checklist marks -------------------------------------------------------------------

    def set_rule_not_applicable(self, packet_id: int, rule_id: str, reason: str | None) -> None:
        """Mark a checklist rule not applicable (with a reason), or clear the mark (None)."""
        self.get(Packet, packet_id)
        with self.transaction():
            if reason is None:
                self._execute(
                    "DELETE FROM rule_marks WHERE packet_id = ? AND rule_id = ?",
                    (packet_id, rule_id),
                )
            else:
                if not reason.strip():
                    raise InvalidInput("Say why the rule does not apply.")
                self._execute(
                    "INSERT OR REPLACE INTO rule_marks (packet_id, rule_id, reason) "
                    "VALUES (?, ?, ?)",
                    (packet_id, rule_id, reason.strip()),
                )

    def rule_marks(self, packet_id: int) -> dict[str, str]:
        rows = self._execute(
            "SELECT rule_id, reason FROM rule_marks WHERE packet_id = ?", (packet_id,)
        )
        return {row[0]: row[1] for row in rows}

    # -- people convenience ----------------------------------------------------------------

    def people(self) -> list[Person]:
        return self.select(Person)
