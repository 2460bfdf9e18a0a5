"""A section label on the packet's front pages never ends a page on its own."""

from __future__ import annotations

import pytest

from organizer.core.export import clinical
from organizer.core.export.layout import Pages


@pytest.mark.parametrize("keep", [2 * clinical.LINE, clinical.TABLE_START])
def test_a_label_without_room_for_what_follows_starts_the_next_page(keep: float) -> None:
    pdf = Pages("Ana Diaz")
    pdf.add_page()
    pdf.set_y(pdf.page_break_trigger - clinical.LABEL_HEIGHT - keep + 1)
    clinical._label(pdf, "Imaging studies", keep=keep)
    assert pdf.page_no() == 2


def test_a_label_with_room_stays_on_its_page() -> None:
    pdf = Pages("Ana Diaz")
    pdf.add_page()
    pdf.set_y(pdf.page_break_trigger - clinical.LABEL_HEIGHT - clinical.TABLE_START - 1)
    clinical._label(pdf, "Imaging studies", keep=clinical.TABLE_START)
    assert pdf.page_no() == 1
