"""Errors the core raises on purpose, each carrying a message fit to show a person."""


class SecondLookError(Exception):
    """Base for expected failures; str(error) is a complete, plain sentence."""


class InvalidInput(SecondLookError):
    """The user asked for something impossible (bad date, unknown kind...)."""


class NotFound(SecondLookError):
    """A record id that does not exist."""


class LibraryLocked(SecondLookError):
    """Another running copy of Second Look has this library open."""


class LibraryMissing(SecondLookError):
    """There is no library at the given place."""


class CorruptLibrary(SecondLookError):
    """Stored data failed a check (a hash mismatch, a damaged database)."""


class Cancelled(SecondLookError):
    """The user cancelled a long job; whatever it did has been undone."""


class DiskFull(SecondLookError):
    """The disk holding the library (not the person's file) ran out of space."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or DISK_FULL_MESSAGE)


DISK_FULL_MESSAGE = (
    "The disk holding your records is full. What was saved before is safe; "
    "free some space on that disk and try again."
)
