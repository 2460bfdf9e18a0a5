"""``python -m organizer.cli`` is second-look-cli."""

from organizer.cli import run

run()
