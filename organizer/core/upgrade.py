"""Bringing a library's database up to the current schema, safely.

A copy of the database is kept just before the first pending migration runs, so an
upgrade that goes wrong never costs the person their records. Migrations run with
foreign keys off: a migration that rebuilds a table others refer to (create, copy, drop,
rename) would otherwise cascade the drop into every child row. A foreign-key check
afterwards proves nothing was left pointing nowhere.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from organizer.core.dbcopy import copy_database
from organizer.core.errors import CorruptLibrary
from organizer.core.schema import migrations

UPGRADE_PREFIX = "before-upgrade-"


def upgrade_schema(db: Database, backups: Path, steps: Migrations = migrations) -> Path | None:
    """Apply pending migrations; returns the copy kept from before, if there was a database."""
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
