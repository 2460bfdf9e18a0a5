"""``python -m organizer.cli`` is second-look-cli."""

from organizer.cli import run

if __name__ == "__main__":  # not when a helper process of the background pass starts
    run()
