"""Loading the checklist rules from resources/checklist_rules.toml.

The rules are data so their wording can be reviewed and changed without touching the
checks; a rule's id is the link between the two and is saved with "not applicable" marks.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from organizer.core.checklist.model import Rule, RuleSeverity
from organizer.core.errors import InvalidInput, SecondLookError
from organizer.resources import resource_path

RULES_FILE = "checklist_rules.toml"
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_FIELDS = ("id", "title", "why", "severity", "satisfied_by")


class RulesFileError(SecondLookError):
    """The rules file is damaged: a packaging or editing mistake, not a user error."""


def load_rules() -> tuple[Rule, ...]:
    """The rules in the order people see them (read once, then cached)."""
    return _load_cached(str(resource_path(RULES_FILE)))


@functools.cache
def _load_cached(path: str) -> tuple[Rule, ...]:
    return parse_rules(Path(path).read_text(encoding="utf-8"), source=path)


def parse_rules(text: str, source: str = RULES_FILE) -> tuple[Rule, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesFileError(f"{source} is not valid TOML: {error}") from None
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise RulesFileError(f"{source} has no [[rule]] tables")
    rules = tuple(_rule(entry, source) for entry in entries)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RulesFileError(f"{source}: rule id {rule.id!r} appears twice")
        seen.add(rule.id)
    return rules


def _rule(entry: Any, source: str) -> Rule:
    if not isinstance(entry, dict):
        raise RulesFileError(f"{source}: a [[rule]] entry is not a table")
    values: dict[str, str] = {}
    for name in _FIELDS:
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            where = entry.get("id", "?")
            raise RulesFileError(f"{source}: rule {where!r} needs a text {name!r}")
        values[name] = " ".join(value.split())
    if not _ID.match(values["id"]):
        raise RulesFileError(f"{source}: {values['id']!r} is not a valid rule id")
    try:
        severity = RuleSeverity(values["severity"])
    except ValueError:
        raise RulesFileError(
            f"{source}: rule {values['id']!r} has unknown severity {values['severity']!r}"
        ) from None
    return Rule(
        id=values["id"],
        title=values["title"],
        why=values["why"],
        severity=severity,
        satisfied_by=values["satisfied_by"],
    )


def rule_by_id(rule_id: str) -> Rule:
    """One rule by id; InvalidInput (a user error) when there is no such rule."""
    for rule in load_rules():
        if rule.id == rule_id:
            return rule
    known = ", ".join(rule.id for rule in load_rules())
    raise InvalidInput(f'There is no checklist rule "{rule_id}"; the rules are: {known}.')
