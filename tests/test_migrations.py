"""The upgrade path: a saved database of every earlier schema version opens and upgrades."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from organizer.core.errors import CorruptLibrary
from organizer.core.library import DATABASE_NAME, Library
from organizer.core.records import Allergy, Document, Packet, Person, Question, Request
from organizer.core.schema import migrations
from organizer.core.upgrade import UPGRADE_PREFIX, upgrade_schema

SAVED = Path(__file__).parent / "data" / "schema"


def _names() -> list[str]:
    return [migration.name for migration in migrations.pending(Database(memory=True))]


def test_every_earlier_version_has_a_saved_database() -> None:
    expected = {f"before_{name}.sqlite" for name in _names()[1:]}
    assert expected <= {path.name for path in SAVED.glob("*.sqlite")}


@pytest.mark.parametrize("saved", sorted(SAVED.glob("before_*.sqlite")), ids=lambda p: p.stem)
def test_saved_database_upgrades_keeping_its_data(saved: Path, tmp_path: Path) -> None:
    folder = tmp_path / "old-library"
    folder.mkdir()
    shutil.copy(saved, folder / DATABASE_NAME)
    with Library.open(folder) as library:
        applied = [m.name for m in migrations.applied(library._db)]
        assert applied == _names()
        person = library.get(Person, 1)
        assert person.name == "Zoë Ødegård"
        assert person.no_known_allergies
        assert library.get(Allergy, 1).reaction == "rash"
        assert library.get(Document, 1).title == "CT chest report"
        assert library.get(Packet, 1).question == "Is surgery needed?"
        assert library.children(Question, 1)[0].text == "Do you agree with the diagnosis?"
        assert library.get(Request, 1).source == "City Lab"
        assert library._execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert library._execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    database = Database(sqlite3.connect(path, isolation_level=None))
    first = _names()[1]
    migrations.apply(database, stop_before=first)
    database.execute("CREATE TABLE rule_marks (clash INTEGER)")  # makes 0002 fail midway
    with pytest.raises(sqlite3.OperationalError):
        migrations.apply(database)
    assert [m.name for m in migrations.applied(database)] == _names()[:1]
    assert database["rule_marks"].columns_dict == {"clash": int}


def test_an_upgrade_keeps_the_database_from_just_before(tmp_path: Path) -> None:
    saved = sorted(SAVED.glob("before_*.sqlite"))[-1]
    folder = tmp_path / "old-library"
    folder.mkdir()
    shutil.copy(saved, folder / DATABASE_NAME)
    with Library.open(folder):
        pass
    (kept,) = (folder / "backups").glob(f"{UPGRADE_PREFIX}*.sqlite")
    old = Database(sqlite3.connect(kept))
    assert [m.name for m in migrations.applied(old)] == [
        m.name for m in migrations.applied(Database(sqlite3.connect(saved)))
    ]
    with Library.open(folder):  # already current: no second copy
        pass
    assert len(list((folder / "backups").glob(f"{UPGRADE_PREFIX}*.sqlite"))) == 1


def test_a_new_library_needs_no_copy(tmp_path: Path) -> None:
    with Library.open(tmp_path / "new"):
        pass
    assert not list((tmp_path / "new").glob(f"backups/{UPGRADE_PREFIX}*"))


def _steps_that_rebuild_people(leave_broken: bool) -> Migrations:
    steps = Migrations("test-rebuild")

    @steps(name="first")
    def _first(db: Database) -> None:
        db.executescript(
            """
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE notes (
                id INTEGER PRIMARY KEY,
                person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE
            );
            INSERT INTO people (id, name) VALUES (1, 'Ana'), (2, 'Ben');
            INSERT INTO notes (person_id) VALUES (1), (2);
            """
        )

    @steps(name="rebuild")
    def _rebuild(db: Database) -> None:
        keep = "WHERE id = 1" if leave_broken else ""
        db.executescript(
            f"""
            CREATE TABLE people_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL, dob TEXT);
            INSERT INTO people_new (id, name) SELECT id, name FROM people {keep};
            DROP TABLE people;
            ALTER TABLE people_new RENAME TO people;
            """
        )

    return steps


def _connect(path: Path) -> Database:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    return Database(connection)


def test_rebuilding_a_referenced_table_keeps_the_rows_that_point_at_it(tmp_path: Path) -> None:
    steps = _steps_that_rebuild_people(leave_broken=False)
    database = _connect(tmp_path / "db.sqlite")
    steps.apply(database, stop_before="rebuild")
    kept = upgrade_schema(database, tmp_path / "backups", steps)
    assert kept is not None and kept.is_file()
    assert database.execute("SELECT count(*) FROM notes").fetchone()[0] == 2  # no cascade
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_upgrade_that_leaves_broken_references_says_so_and_names_the_copy(
    tmp_path: Path,
) -> None:
    steps = _steps_that_rebuild_people(leave_broken=True)
    database = _connect(tmp_path / "db.sqlite")
    steps.apply(database, stop_before="rebuild")
    with pytest.raises(CorruptLibrary, match=UPGRADE_PREFIX):
        upgrade_schema(database, tmp_path / "backups", steps)
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_up_to_date_library_opens_without_loading_sqlite_utils(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        assert migrations.is_current(library._conn)
        library.add(Person(name="Ana"))
    code = (
        "import sys; from pathlib import Path; from organizer.core.library import Library; "
        "library = Library.open(Path(sys.argv[1])); "
        "print(len(library.people()), 'sqlite_utils' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["1", "False"]


def test_an_older_database_is_seen_as_not_current(tmp_path: Path) -> None:
    saved = sorted(SAVED.glob("before_*.sqlite"))[-1]
    connection = sqlite3.connect(saved)
    try:
        assert not migrations.is_current(connection)
        assert [m.name for m in migrations.pending(Database(connection))]
    finally:
        connection.close()
    assert not migrations.is_current(sqlite3.connect(":memory:"))  # a new, empty database
