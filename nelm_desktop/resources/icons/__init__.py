"""Data, not code: a package only so that setuptools ships it (see pyproject.toml)."""
