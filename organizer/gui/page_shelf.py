"""The main window's section pages, each made the first time it is asked for.

Only the section on screen at the start is built before the first paint; a page no one has
opened costs neither its imports nor a read of the library. Asking for a page by key
(a Ctrl+number shortcut, a fix-it, a test) builds it then, so every caller sees a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Generic, TypeVar, cast

from PySide6.QtWidgets import QWidget

Page = TypeVar("Page", bound=QWidget)


class PageShelf(Mapping[str, QWidget]):
    """Every section's page by key; ``make`` builds one, then ``built`` fits it in."""

    def __init__(
        self,
        keys: Sequence[str],
        make: Callable[[str], QWidget],
        built: Callable[[str, QWidget], None],
    ) -> None:
        self._keys = tuple(keys)
        self._make = make
        self._built_hook = built
        self._pages: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self._pages.get(key)
        if page is None:
            if key not in self._keys:
                raise KeyError(key)
            page = self._pages[key] = self._make(key)
            self._built_hook(key, page)  # it may ask for this page again: it is there now
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def is_built(self, key: str) -> bool:
        return key in self._pages

    def built(self) -> dict[str, QWidget]:
        """The pages made so far, in the order they were made (nothing new is built)."""
        return dict(self._pages)


class PagesOfKind(Mapping[str, Page], Generic[Page]):
    """The shelf's pages of one kind (the record lists), built on demand the same way."""

    def __init__(self, shelf: PageShelf, keys: Sequence[str]) -> None:
        self._shelf = shelf
        self._keys = tuple(keys)

    def __getitem__(self, key: str) -> Page:
        if key not in self._keys:
            raise KeyError(key)
        return cast(Page, self._shelf[key])  # the shelf makes these keys' pages of this kind

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def built(self) -> dict[str, Page]:
        """The ones made so far (saving and scoping must not build the rest)."""
        return {key: self[key] for key in self._keys if self._shelf.is_built(key)}
