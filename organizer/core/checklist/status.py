"""What a rule can say about a packet, and how much an unmet rule matters.

Apart from the rules and results (model), so that the first screen can name a status
without loading what checking a packet needs.
"""

from __future__ import annotations

from enum import StrEnum


class RuleSeverity(StrEnum):
    """How much an unmet rule matters: only MISSING keeps a packet from being ready."""

    MISSING = "missing"
    WARNING = "warning"
    TIP = "tip"


class Status(StrEnum):
    """What one rule says about one packet right now."""

    OK = "ok"
    MISSING = "missing"
    WARNING = "warning"
    TIP = "tip"
    NOT_APPLICABLE = "not-applicable"
    REQUESTED = "requested-not-received"
    """Asked for but not received: never "done", and the packet is not ready yet."""
