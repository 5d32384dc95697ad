"""window room."""
