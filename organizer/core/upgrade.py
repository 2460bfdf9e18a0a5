"""Bringing a library's database up to the current schema, safely.

A copy of the database is kept just before the first pending migration runs, so an
upgrade that goes wrong never costs the person their records. Migrations run with
foreign keys off: a migration that rebuilds a table others refer to (create, copy, drop,
rename) would otherwise cascade the drop into every child row. A foreign-key check
afterwards proves nothing was left pointing nowhere.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from organizer.core.dbcopy import copy_database
from organizer.core.errors import CorruptLibrary
from organizer.core.migration_set import MigrationSet
from organizer.core.schema import migrations

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

UPGRADE_PREFIX = "before-upgrade-"


def upgrade_schema(
    database: sqlite3.Connection | Database,
    backups: Path,
    steps: MigrationSet | Migrations = migrations,
) -> Path | None:
    """Apply pending migrations; returns the copy kept from before, if there was a database.

    An up-to-date database (every ordinary start) is seen with one plain query; sqlite-utils
    loads only when there is something to apply.
    """
    connection = database if isinstance(database, sqlite3.Connection) else database.conn
    if isinstance(steps, MigrationSet):
        if steps.is_current(connection):
            return None
        steps = steps.full()
    import sqlite_utils

    db = sqlite_utils.Database(connection)
    if not steps.pending(db):
        return None
    kept = _keep_copy(db, backups) if steps.applied(db) else None
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        steps.apply(db)
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    if broken:
        where = f" The database as it was before is kept at {kept}." if kept else ""
        raise CorruptLibrary(
            f"After updating the library, {len(broken)} records refer to records that do "
            f"not exist (first in table {broken[0][0]}).{where}"
        )
    return kept


def _keep_copy(db: Database, backups: Path) -> Path:
    backups.mkdir(exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups / f"{UPGRADE_PREFIX}{stamp}.sqlite"
    counter = 1
    while target.exists():
        counter += 1
        target = backups / f"{UPGRADE_PREFIX}{stamp}-{counter}.sqlite"
    copy_database(db.conn, target)
    return target
