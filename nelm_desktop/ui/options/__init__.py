"""options room."""
