"""The bundle's `second-look` program (PyInstaller needs a script to start from)."""

from organizer.gui.app import main

raise SystemExit(main())
