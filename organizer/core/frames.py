"""How many pictures an image file holds: what import and export both count as pages.

Kept apart from the import machinery so the export can ask without loading all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image


def picture_count(image: Image.Image) -> int:
    """How many pictures (pages) an opened image file holds.

    A phone's MPO file is one photo: its later frames are the camera's extras (a
    preview, a depth or HDR map), not pages.
    """
    if image.format == "MPO":
        return 1
    return int(getattr(image, "n_frames", 1))
