"""The desktop app: the only package that imports Qt. It calls the core API and nothing else."""
