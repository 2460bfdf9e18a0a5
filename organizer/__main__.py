"""``python -m organizer`` starts the desktop app."""

from organizer.gui.app import main

raise SystemExit(main())
