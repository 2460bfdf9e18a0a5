"""The bundle's `second-look-cli` program (PyInstaller needs a script to start from)."""

from organizer.cli import main

raise SystemExit(main())
