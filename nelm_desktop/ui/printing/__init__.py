"""printing room."""
