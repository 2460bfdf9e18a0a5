"""The schema's migrations, registered as sqlite-utils registers them, checked without it.

Every start asks whether the library's database is up to date. sqlite-utils answers
that in about 0.08 s (its import and its plugin scan) before the window can appear; the
answer is one plain query of the table sqlite-utils keeps (``_sqlite_migrations``). So
the set is kept here, and sqlite-utils' own ``Migrations`` is made from it only when a
migration has to run (an upgrade), or for the tools and tests that use its API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

Step = TypeVar("Step", bound=Callable[..., None])
TABLE = "_sqlite_migrations"  # sqlite-utils' record of what was applied


@dataclass(frozen=True)
class _Registered:
    """A migration as registered: applied in registration order."""

    name: str
    function: Callable[..., None]
    transactional: bool


class MigrationSet:
    def __init__(self, name: str) -> None:
        self.name = name
        self._steps: list[_Registered] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Step], Step]:
        """Register a migration, in order (the decorator sqlite-utils' ``Migrations`` has)."""

        def register(function: Step) -> Step:
            step_name = name or function.__name__
            if step_name in self.names():
                raise ValueError(f"migration {step_name!r} is registered twice")
            self._steps.append(_Registered(step_name, function, transactional))
            return function

        return register

    def names(self) -> list[str]:
        return [step.name for step in self._steps]

    def is_current(self, connection: sqlite3.Connection) -> bool:
        """Every migration already applied to this database (one query, no sqlite-utils)."""
        if not connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
        ).fetchone():
            return not self._steps
        applied = {
            row[0]
            for row in connection.execute(
                f"SELECT name FROM {TABLE} WHERE migration_set = ?", (self.name,)
            )
        }
        return applied.issuperset(self.names())

    def full(self) -> Migrations:
        """sqlite-utils' ``Migrations`` holding the same steps, to apply them."""
        from sqlite_utils.migrations import Migrations

        steps = Migrations(self.name)
        for step in self._steps:
            steps(name=step.name, transactional=step.transactional)(step.function)
        return steps

    # sqlite-utils' API, for the upgrade, the fixture tool and the tests

    def pending(self, db: Database) -> list[Any]:
        return self.full().pending(db)

    def applied(self, db: Database) -> list[Any]:
        return self.full().applied(db)

    def apply(self, db: Database, *, stop_before: str | None = None) -> None:
        self.full().apply(db, stop_before=stop_before)
