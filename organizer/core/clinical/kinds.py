"""The kinds of item a clinical file can propose, apart from the reading's dataclasses.

The app's words name these kinds on its first screen; the model's many dataclasses take
time to make, so the kinds live here and the model re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """The kinds of item a file can propose (the words the CLI's JSON uses)."""

    MEDICATION = "medication"
    ALLERGY = "allergy"
    PROBLEM = "problem"
    RESULT = "result"
    VITAL_SIGN = "vital-sign"
    PROCEDURE = "procedure"
    ENCOUNTER = "encounter"
    IMMUNIZATION = "immunization"
