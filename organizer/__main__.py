"""``python -m organizer`` starts the desktop app."""

from organizer.gui.app import main

if __name__ == "__main__":  # not when a helper process of the background pass starts
    raise SystemExit(main())
