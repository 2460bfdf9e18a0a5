"""Page numbers and Bates-style page IDs, shared by the contents, footer and manifest."""

from __future__ import annotations

from dataclasses import dataclass

ID_PREFIX = "SL"


def page_id(number: int) -> str:
    """The sequential ID printed on page ``number`` (1-based): SL-000123."""
    return f"{ID_PREFIX}-{number:06d}"


@dataclass(frozen=True)
class PageRange:
    first: int
    """1-based, as printed."""
    count: int

    @property
    def last(self) -> int:
        return self.first + self.count - 1

    @property
    def pages_text(self) -> str:
        return str(self.first) if self.count == 1 else f"{self.first}-{self.last}"

    @property
    def ids_text(self) -> str:
        if self.count == 1:
            return page_id(self.first)
        return f"{page_id(self.first)} to {page_id(self.last)}"
