"""library room."""
