"""The upgrade path: a saved database of every earlier schema version opens and upgrades."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from organizer.core.library import DATABASE_NAME, Library
from organizer.core.records import Allergy, Document, Packet, Person, Question, Request
from organizer.core.schema import migrations

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
        applied = [m.name for m in migrations.applied(library.db)]
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
