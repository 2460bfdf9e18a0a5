"""The GUI and the CLI speak to the library through named operations and queries, never SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTER_LAYERS = sorted((ROOT / "organizer" / "gui").rglob("*.py")) + sorted(
    (ROOT / "organizer" / "cli").rglob("*.py")
)
SQL = re.compile(
    r"\bSELECT\b.*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\bWHERE\b|\bPRAGMA\b|\bJOIN\b"
)
PRIVATE_LIBRARY = {"_execute", "_select", "db", "conn"}


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.split(".")[0] == "sqlite3"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlite3":
            found.append("imports from sqlite3")
        elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_LIBRARY | {"execute"}:
            found.append(f"line {node.lineno}: uses .{node.attr}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL.search(node.value)
        ):
            found.append(f"line {node.lineno}: SQL in a string: {node.value[:40]!r}")
    return found


@pytest.mark.parametrize("path", OUTER_LAYERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_outside_the_core(path: Path) -> None:
    assert _problems(path) == []


def test_the_check_catches_sql_and_sqlite(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text(
        "import sqlite3\n"
        "def f(library):\n"
        "    library._execute('SELECT id FROM documents WHERE person_id = ?', (1,))\n"
        "    library.db.conn.execute('PRAGMA foreign_keys')\n",
        encoding="utf-8",
    )
    problems = _problems(sample)
    assert "imports sqlite3" in problems
    assert any("._execute" in p for p in problems)
    assert any(".db" in p for p in problems)
    assert sum("SQL in a string" in p for p in problems) == 2


def test_the_library_keeps_its_sql_private() -> None:
    from organizer.core.library import Library

    assert not hasattr(Library, "execute")
    with pytest.raises(TypeError):
        Library.select(object(), object, "id = 1")  # type: ignore[arg-type, call-arg]
