"""The page every PDF page the app draws is laid out on (packet pages and clinical
records alike), kept apart so that drawing a record needs none of the export's modules."""

PAGE_WIDTH = 215.9
PAGE_HEIGHT = 279.4
"""US Letter in millimetres; A4 readers print it without cropping thanks to the margins."""
MARGIN = 18.0
FOOTER_ROOM = 14.0
"""Room at the foot of each page for the footer the export stamps on."""
