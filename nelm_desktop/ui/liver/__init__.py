"""liver room."""
