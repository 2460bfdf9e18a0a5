"""The GUI and the CLI speak to the library through named operations and queries, never SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from organizer.core.library import Library

ROOT = Path(__file__).resolve().parent.parent
OUTER_LAYERS = sorted((ROOT / "organizer" / "gui").rglob("*.py")) + sorted(
    (ROOT / "organizer" / "cli").rglob("*.py")
)
SQL = re.compile(
    r"\bSELECT\b.*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\bWHERE\b|\bPRAGMA\b|\bJOIN\b"
)
PRIVATE_LIBRARY = {"_execute", "_select", "_db", "db", "conn", "_conn"}
LIBRARY_WRITES = {
    "add",
    "update",
    "delete",
    "restore",
    "put_back",
    "add_packet",
    "add_document",
    "add_question",
    "move_question",
    "set_question_positions",
    "set_document_included",
    "set_event_included",
    "set_rule_not_applicable",
    "link_event_document",
    "trash_document",
    "restore_document",
    "empty_trash",
}
"""Library methods that change what is stored: the GUI and the CLI go through core.ops."""
REVIEW_WRITES = {"accept", "dismiss", "edit", "undo_batch", "put_words"}
"""The review list's writes: the GUI and the CLI use ops.decide_proposals / edit_proposal."""


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.split(".")[0] == "sqlite3"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlite3":
            found.append("imports from sqlite3")
        elif isinstance(node, ast.ImportFrom) and node.module == "organizer.core.clinical.review":
            found += [
                f"line {node.lineno}: decides on proposals without an operation ({a.name})"
                for a in node.names
                if a.name in REVIEW_WRITES
            ]
        elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_LIBRARY | {"execute"}:
            found.append(f"line {node.lineno}: uses .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LIBRARY_WRITES
            and _named(node.func.value) == "library"
        ):
            found.append(f"line {node.lineno}: changes the library without an operation")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL.search(node.value)
        ):
            found.append(f"line {node.lineno}: SQL in a string: {node.value[:40]!r}")
    return found


def _named(node: ast.expr) -> str | None:
    """``library`` for ``library``, ``self.library`` or ``window.library``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _raw_details(path: Path) -> list[str]:
    """Places that read Document.details as the stored JSON instead of its typed attributes."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Subscript) and _is_details(node.value):
            found.append(f"line {node.lineno}: indexes .details")
        elif isinstance(node, ast.Attribute) and node.attr == "values" and _is_details(node.value):
            found.append(f"line {node.lineno}: reads the stored .details.values")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "get" and _is_details(node.func.value):
                found.append(f"line {node.lineno}: .details.get(...)")
            elif node.func.attr in {"loads", "load"} and any(map(_holds_details, node.args)):
                found.append(f"line {node.lineno}: parses .details")
    return found


def _is_details(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "details"


def _holds_details(node: ast.expr) -> bool:
    return any(_is_details(part) for part in ast.walk(node) if isinstance(part, ast.expr))


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


@pytest.mark.parametrize("path", OUTER_LAYERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_gui_and_cli_read_document_details_only_through_typed_attributes(path: Path) -> None:
    assert _raw_details(path) == []


def test_the_checks_catch_raw_details_and_writes_without_an_operation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text(
        "import json\n"
        "def f(self, document, library):\n"
        "    a = document.details['modality']\n"
        "    b = json.loads(document.details or '{}')\n"
        "    c = document.details.get('pages')\n"
        "    d = document.details.modality + document.details.values['modality']\n"
        "    self.library.update(document)\n"
        "    library.empty_trash()\n"
        "    ops.update_record(library, document)\n"
        "from organizer.core.clinical.review import accept, proposals, undo_batch\n",
        encoding="utf-8",
    )
    assert len(_raw_details(sample)) == 4
    writes = [p for p in _problems(sample) if "without an operation" in p]
    assert sorted(p.split(":")[0] for p in writes) == ["line 10", "line 10", "line 7", "line 8"]


def test_the_library_keeps_its_sql_private() -> None:
    from organizer.core.library import Library

    assert not hasattr(Library, "execute")
    with pytest.raises(TypeError):
        Library.select(object(), object, "id = 1")  # type: ignore[arg-type, call-arg]


def test_the_database_handle_is_private_to_the_core(library: Library) -> None:
    assert not hasattr(library, "db")
