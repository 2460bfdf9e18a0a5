"""Save a database at one schema version, with a little data, for the upgrade tests.

Run once when a migration is added, for the version that migration upgrades FROM:
    python tools/make_schema_fixture.py 0002_checklist_marks
writes tests/data/schema/before_0003_....sqlite holding the schema up to and including
the named migration. Commit the file; never regenerate one that is committed.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from sqlite_utils import Database

from organizer.core.schema import migrations

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "data" / "schema"

# Rows every version can hold (tables and columns from migration 0001).
SEED = """
INSERT INTO people (id, name, dob, sex, no_known_allergies) VALUES (1, 'Zoë Ødegård', '1961-04-09', 'F', 1);
INSERT INTO events (id, person_id, date, kind, title) VALUES (1, 1, '~2019', 'symptom', 'Cough');
INSERT INTO medications (id, person_id, name, dose, frequency, start) VALUES (1, 1, 'Metformin', '500 mg', 'twice a day', '2020-03');
INSERT INTO allergies (id, person_id, substance, category, reaction, severity) VALUES (1, 1, 'Penicillin', 'drug', 'rash', 'moderate');
INSERT INTO documents (id, person_id, title, category, date, added_at) VALUES (1, 1, 'CT chest report', 'imaging-report', '2026-01-12', '2026-01-13T10:00:00+00:00');
INSERT INTO packets (id, person_id, title, question, created_at) VALUES (1, 1, 'Lung nodule', 'Is surgery needed?', '2026-02-01T09:00:00+00:00');
INSERT INTO questions (id, packet_id, position, text) VALUES (1, 1, 0, 'Do you agree with the diagnosis?');
INSERT INTO requests (id, packet_id, item, source, status) VALUES (1, 1, 'pathology slides', 'City Lab', 'requested');
"""


def main(last_applied: str) -> Path:
    names = [migration.name for migration in migrations.pending(Database(memory=True))]
    if last_applied not in names or last_applied == names[-1]:
        raise SystemExit(f"name an earlier migration, one of: {', '.join(names[:-1])}")
    following = names[names.index(last_applied) + 1]
    target = FOLDER / f"before_{following}.sqlite"
    if target.exists():
        raise SystemExit(f"{target} exists; committed fixtures are never regenerated")
    connection = sqlite3.connect(target, isolation_level=None)
    migrations.apply(Database(connection), stop_before=following)
    connection.executescript(SEED)
    connection.close()
    return target


if __name__ == "__main__":
    print(main(sys.argv[1]))
