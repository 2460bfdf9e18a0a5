"""Everything that works without a window: records, storage, import, checks and export."""
