"""Second Look: gather, check and hand over medical records for a second opinion."""

__version__ = "0.1.0"
