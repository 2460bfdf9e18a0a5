from __future__ import annotations

from organizer.core.library import Library
from organizer.core.records import Person


def test_library_round_trip(library: Library) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    assert library.get(Person, person_id).name == "Ana Diaz"
