"""The desktop app: the only package that imports Qt. It calls the core API and nothing else."""

from organizer.gui.refcounts import guard_singletons

guard_singletons()  # before any Qt call can take a reference it does not own
